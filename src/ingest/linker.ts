import { MentionRole } from "../mention/mention.entity";

/** A name under which an entity may appear in text. */
export interface SurfaceForm {
  text: string;
  entityId: number;
  /** Proper names match case-sensitively ("US" is not "us"); topic keywords match in any case. */
  caseSensitive: boolean;
}

/** The article parts linking reads; the headline and the opening weigh more. */
export interface LinkableText {
  headline: string;
  summary: string | null;
  body: string;
}

/** One entity found in an article. */
export interface Link {
  entityId: number;
  count: number;
  salience: number;
  role: MentionRole;
}

/** Weight of an occurrence by where it stands. */
const WEIGHT = { headline: 3, opening: 2, body: 1 } as const;

/** An entity whose weighted share reaches this is what the article is ABOUT, even outside the headline. */
const ABOUT_SALIENCE = 0.6;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Letters and digits on either side mean we are inside a longer word. */
function wordPattern(forms: string[], flags: string): RegExp | null {
  if (forms.length === 0) return null;
  const sorted = [...forms].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join("|")})(?![\\p{L}\\p{N}])`, `g${flags}u`);
}

/**
 * A first, deliberately simple entity linker: one precompiled pattern per case mode over every
 * surface form, longest form first (so "Vladimir Putin" is one mention, not two), word-bounded.
 * A form shared by several entities ("Congolese") links none of them. The ingestion pipeline
 * replaces this with context-aware linking.
 */
export class Linker {
  private readonly exact: RegExp | null;
  private readonly folded: RegExp | null;
  private readonly exactIds = new Map<string, number | null>();
  private readonly foldedIds = new Map<string, number | null>();

  constructor(forms: readonly SurfaceForm[]) {
    for (const form of forms) {
      const text = form.text.trim();
      if (!text) continue;
      const map = form.caseSensitive ? this.exactIds : this.foldedIds;
      const key = form.caseSensitive ? text : text.toLowerCase();
      const known = map.get(key);
      map.set(key, known === undefined || known === form.entityId ? form.entityId : null);
    }
    this.exact = wordPattern([...this.exactIds.keys()], "");
    this.folded = wordPattern([...this.foldedIds.keys()], "i");
  }

  private count(text: string, weight: number, into: Map<number, { count: number; weighted: number; inHeadline: boolean }>, headline: boolean) {
    const scan = (pattern: RegExp | null, ids: Map<string, number | null>, fold: boolean) => {
      if (!pattern) return;
      for (const match of text.matchAll(pattern)) {
        // "New Jersey", "New Mexico": a place named after a country is not the country.
        if (/\bNew\s$/.test(text.slice(Math.max(0, (match.index ?? 0) - 4), match.index))) continue;
        const id = ids.get(fold ? match[0].toLowerCase() : match[0]);
        if (id == null) continue;
        const entry = into.get(id) ?? { count: 0, weighted: 0, inHeadline: false };
        entry.count += 1;
        entry.weighted += weight;
        entry.inHeadline ||= headline;
        into.set(id, entry);
      }
    };
    scan(this.exact, this.exactIds, false);
    scan(this.folded, this.foldedIds, true);
  }

  /**
   * Finds the entities of an article with their occurrence count, salience (weighted occurrences
   * relative to the most prominent entity, 0..1) and role (ABOUT when in the headline or dominant).
   */
  link(article: LinkableText): Link[] {
    const found = new Map<number, { count: number; weighted: number; inHeadline: boolean }>();
    const [opening = "", ...rest] = article.body.split(/\n\s*\n/);
    this.count(article.headline, WEIGHT.headline, found, true);
    // The standfirst often repeats a body sentence; it still counts as opening emphasis.
    if (article.summary) this.count(article.summary, WEIGHT.opening, found, false);
    this.count(opening, WEIGHT.opening, found, false);
    this.count(rest.join("\n\n"), WEIGHT.body, found, false);
    const top = Math.max(0, ...[...found.values()].map((f) => f.weighted));
    return [...found.entries()]
      .map(([entityId, f]) => {
        const salience = Math.round((f.weighted / top) * 1000) / 1000;
        const role = f.inHeadline || salience >= ABOUT_SALIENCE ? MentionRole.ABOUT : MentionRole.MENTIONS;
        return { entityId, count: f.count, salience, role };
      })
      .sort((a, b) => b.salience - a.salience || a.entityId - b.entityId);
  }
}
