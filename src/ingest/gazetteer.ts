import { EntityKind } from "../entity/entity.entity";
import { FIRST_NAMES, NOT_NAME_WORDS, TITLES } from "./names";
import { nameKey } from "../entity/entity.rows";
import { tokenize } from "./tokens";

/** English plural of a demonym ("Israeli" → "Israelis", "Greek" → "Greeks"); null for "British", "Chinese", "Swiss". */
export function demonymPlural(demonym: string): string | null {
  if (/(?:ese|ss|sh|x|z|s)$/.test(demonym) || (/ch$/.test(demonym) && demonym !== "Czech")) return null;
  return `${demonym}s`;
}

/** What the linker needs to know of one entity. */
export interface GazetteerEntry {
  id: number;
  kind: EntityKind;
  name: string;
  aliases: readonly string[];
  /** Countries: English demonyms ("Iranian"); plural forms are derived. */
  demonyms?: readonly string[];
  /** Countries: the capital, which news copy uses for the government ("Tehran said"). */
  capital?: string | null;
  /** Topics: keywords, matched in any case. */
  keywords?: readonly string[];
}

/** How strongly a surface form names its entity. */
export enum FormStrength {
  /** A full name, alias, demonym or keyword: links on its own. */
  STRONG = 2,
  /**
   * A person's bare surname derived from the full name, or a capital: links only when the article
   * also names the entity strongly, or (for capitals) when nothing argues against it.
   */
  WEAK = 1,
}

/** A node of the word trie: the entities whose form ends here, and longer forms. */
export interface TrieNode {
  next: Map<string, TrieNode>;
  /** Entity keys whose form ends at this node, with the strength of that form. */
  ends: Map<number, FormStrength>;
}

function node(): TrieNode {
  return { next: new Map(), ends: new Map() };
}

/** Capitals that are also common names or words; they never stand for their country. */
const AMBIGUOUS_CAPITALS = new Set(["Victoria", "Kingston", "Hamilton", "Malé", "Male", "Georgetown", "Jamestown", "Kingstown", "Stanley", "Plymouth", "The Valley", "Road Town", "Adamstown", "Alofi", "Saint John's", "Castries", "Avarua", "Washington D.C."]);

/** Capitals whose short form the press uses ("Washington" for the US government). */
const CAPITAL_SHORT_FORMS: Record<string, string> = { "Washington D.C.": "Washington" };

/**
 * The compiled matcher over every entity's names: a trie of words, case-sensitive for proper names
 * and case-folded for topic keywords, so an article is matched in one pass over its words however
 * many entities there are (Aho–Corasick-like at word level). Entities can be added while it is in use.
 */
export class Gazetteer {
  readonly exact = node();
  readonly folded = node();
  readonly entries = new Map<number, GazetteerEntry>();
  /** Last words of people's names ("Putin", "Thani"): a bare one refers to someone known. */
  readonly surnames = new Set<string>();
  /** The last two words of known people's longer names, folded ("al thani", "der leyen"). */
  readonly nameTails = new Set<string>();
  /** Given names known to start a person's name: the common lists plus known people's first names. */
  private readonly extraGivenNames = new Set<string>();

  /** Whether a word is a given name ("Maria", "Volodymyr"). */
  isGivenName(word: string): boolean {
    return FIRST_NAMES.has(word) || this.extraGivenNames.has(word);
  }

  constructor(entries: Iterable<GazetteerEntry> = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Number of entities known. */
  get size(): number {
    return this.entries.size;
  }

  private insert(root: TrieNode, form: string, id: number, strength: FormStrength, fold: boolean): void {
    const words = tokenize(fold ? form.toLowerCase() : form).map((t) => t.text);
    if (words.length === 0) return;
    let at = root;
    for (const word of words) {
      let child = at.next.get(word);
      if (!child) at.next.set(word, (child = node()));
      at = child;
    }
    const known = at.ends.get(id);
    if (known === undefined || known < strength) at.ends.set(id, strength);
  }

  /** Adds (or re-adds) an entity's forms. */
  add(entry: GazetteerEntry): void {
    this.entries.set(entry.id, entry);
    const strong = (form: string) => this.insert(this.exact, form, entry.id, FormStrength.STRONG, false);
    if (entry.kind === EntityKind.TOPIC) {
      for (const keyword of entry.keywords ?? []) this.insert(this.folded, keyword, entry.id, FormStrength.STRONG, true);
      return;
    }
    strong(entry.name);
    entry.aliases.forEach(strong);
    if (entry.kind === EntityKind.COUNTRY) {
      for (const demonym of entry.demonyms ?? []) {
        strong(demonym);
        const plural = demonymPlural(demonym);
        if (plural) strong(plural);
      }
      const capital = entry.capital ?? null;
      if (capital) {
        const form = CAPITAL_SHORT_FORMS[capital] ?? capital;
        if (!AMBIGUOUS_CAPITALS.has(form)) this.insert(this.exact, form, entry.id, FormStrength.WEAK, false);
      }
    }
    if (entry.kind === EntityKind.PERSON) {
      const words = tokenize(entry.name).map((t) => t.text);
      if (words.length < 2) return;
      // The family name is last in most names and first in Chinese, Korean and similar ones
      // ("Kim Jong Un"): both words become weak forms, linked only where the article names the person.
      if (words.length >= 3) this.nameTails.add(nameKey(words.slice(-2).join(" ")));
      const last = words[words.length - 1];
      if (last.length >= 2 && /^\p{Lu}/u.test(last)) {
        this.surnames.add(last);
        this.insert(this.exact, last, entry.id, FormStrength.WEAK, false);
      }
      if (words[0].length >= 2 && /^\p{Lu}/u.test(words[0]) && !TITLES.has(words[0])) {
        this.insert(this.exact, words[0], entry.id, FormStrength.WEAK, false);
        if (words.length >= 2 && words[0].length >= 3 && !NOT_NAME_WORDS.has(words[0])) this.extraGivenNames.add(words[0]);
      }
    }
  }
}
