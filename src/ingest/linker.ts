import { EntityKind } from "../entity/entity.entity";
import { nameKey } from "../entity/entity.rows";
import { MentionRole } from "../mention/mention.entity";
import { FormStrength, Gazetteer, type TrieNode } from "./gazetteer";
import { HONORIFICS, NAME_PARTICLES, NOT_NAME_WORDS, SPEECH_VERBS, TITLES } from "./names";
import { isNameLike, tokenizeInto, withoutPossessive, type Token } from "./tokens";

/** The article parts linking reads; the headline and the opening weigh more. */
export interface LinkableText {
  headline: string;
  summary: string | null;
  body: string;
}

/** How often and how centrally an article names something. */
export interface Prominence {
  count: number;
  salience: number;
  role: MentionRole;
}

/** A known entity found in an article. */
export interface Link extends Prominence {
  entityId: number;
}

/** A person not in the gazetteer whom the article names; ingestion creates them UNVERIFIED. */
export interface DiscoveredPerson extends Prominence {
  name: string;
  /** nameKey(name): the same person found in several articles of a batch is created once. */
  key: string;
}

/** What linking found in one article. */
export interface LinkResult {
  links: Link[];
  discovered: DiscoveredPerson[];
}

/** Options of one linking run. */
export interface LinkOptions {
  /** Look for people who are not in the gazetteer yet (default true). */
  discover?: boolean;
  /**
   * Settles doubtful name candidates (a given name and a capitalised word, with nothing else to
   * vouch for it) — e.g. with an NLP library in `relink --deep`. Without it they are kept only when
   * the article refers to them again.
   */
  confirm?: (name: string, sentence: string) => boolean;
}

/** Weight of an occurrence by where it stands. */
const WEIGHT = { headline: 3, opening: 2, body: 1 } as const;

/** An entity whose weighted share reaches this is what the article is ABOUT, even outside the headline. */
const ABOUT_SALIENCE = 0.6;

/** A word of the article with where it stands. */
type Word = Token;

/** Occurrences of one entity (or discovered name) in an article. */
interface Tally {
  name?: string;
  count: number;
  weighted: number;
  headline: boolean;
}

/** A stretch of words matching gazetteer forms. */
interface Candidate {
  start: number;
  end: number;
  ends: Map<number, FormStrength>;
  /** The form is one word that is also a given name ("Jordan", "Chad", "Georgia"). */
  nameLike: boolean;
}

/** Context that turns an entity's forms away ("Turkey" at a Thanksgiving dinner, "Georgia" next to Atlanta). */
interface ContextRule {
  /** Only these forms are checked (all of the entity's forms when absent). */
  forms?: string[];
  /** Turned away when its sentence matches. */
  avoidInSentence?: RegExp;
  /** Turned away when the article matches, unless it also matches `keepInArticle`. */
  avoidInArticle?: RegExp;
  keepInArticle?: RegExp;
}

const TURKEY_THE_BIRD: ContextRule = {
  forms: ["Turkey"],
  avoidInSentence: /thanksgiving|roast|stuffing|gravy|recipe|carv|oven|dinner|sandwich|feast|brine|drumstick/i,
};

/** Rules by entity name. */
const CONTEXT_RULES: Record<string, ContextRule> = {
  Turkey: TURKEY_THE_BIRD,
  Türkiye: TURKEY_THE_BIRD,
  Georgia: {
    avoidInArticle: /\b(Atlanta|Savannah|Peach State|Georgia Tech|Fulton County|Kemp|Raffensperger|Warnock|Ossoff)\b|\bstate of Georgia\b|\bGeorgia(?:'s)? (?:governor|legislature|General Assembly|voters|Republicans|Democrats)\b/,
    keepInArticle: /\b(Tbilisi|Caucasus|Abkhazia|Ossetia|Kobakhidze|Georgian Dream)\b/,
  },
};

/** Where the opening paragraph of a body ends. */
const PARAGRAPH_BREAK = /\n\s*\n/;

function segments(text: LinkableText): { text: string; weight: number; headline: boolean }[] {
  const body = text.body;
  const end = PARAGRAPH_BREAK.exec(body);
  return [
    { text: text.headline, weight: WEIGHT.headline, headline: true },
    // The standfirst often repeats a body sentence; it still counts as opening emphasis.
    { text: text.summary ?? "", weight: WEIGHT.opening, headline: false },
    { text: end ? body.slice(0, end.index) : body, weight: WEIGHT.opening, headline: false },
    // The rest as written: a paragraph break inside it ends a sentence whatever its spaces.
    { text: end ? body.slice(end.index + end[0].length) : "", weight: WEIGHT.body, headline: false },
  ];
}

function words(text: LinkableText): Word[] {
  const all: Word[] = [];
  let sentence = 0;
  for (const segment of segments(text)) sentence = tokenizeInto(all, segment.text, sentence, segment.weight, segment.headline) + 1;
  return all;
}

/**
 * Longest gazetteer form starting at word `i`, walking across words a space or hyphen joins (or a
 * comma, for official names such as "Saint Helena, Ascension and Tristan da Cunha": the trie only
 * has such a path where a form has the comma).
 */
function longestForm(root: TrieNode, ws: Word[], i: number, fold: boolean): { end: number; ends: Map<number, FormStrength> } | null {
  let at = root;
  let best: { end: number; ends: Map<number, FormStrength> } | null = null;
  for (let j = i; j < ws.length; j++) {
    if (j > i && (!(ws[j].joined || ws[j].afterComma) || ws[j].sentence !== ws[i].sentence)) break;
    const word = fold ? ws[j].lower : ws[j].text;
    let child = at.next.get(word);
    let possessive = false;
    if (!child) {
      const stem = withoutPossessive(word);
      child = stem ? at.next.get(stem) : undefined;
      possessive = Boolean(child);
    }
    if (!child) break;
    if (child.ends.size) best = { end: j, ends: child.ends };
    if (possessive) break;
    at = child;
  }
  return best;
}

/** The text of sentence `n`, for context rules and confirmation. */
function sentenceText(ws: Word[], n: number): string {
  return ws.filter((w) => w.sentence === n).map((w) => w.text).join(" ");
}

/**
 * Whether a one-word country form is really part of another name here: a person's ("Jordan
 * Peterson", "Denzel Washington", "Mr Jordan") or, for a capital, an organisation's ("Washington Post").
 */
function partOfOtherName(ws: Word[], c: Candidate, weak: boolean, startsOtherForm: (i: number) => boolean, isGivenName: (w: string) => boolean): boolean {
  const word = ws[c.start];
  const before = ws[c.start - 1];
  const after = ws[c.end + 1];
  if (before && word.joined) {
    if (isGivenName(before.text) || HONORIFICS.has(before.text)) return true;
    // A capitalised word before it, inside the sentence, that is not an institution or a title: a given name.
    if (!before.sentenceStart && isNameLike(before.text) && !NOT_NAME_WORDS.has(before.text) && !TITLES.has(before.text) && !startsOtherForm(c.start - 1)) return true;
  }
  if (!after || !after.joined || startsOtherForm(c.end + 1)) return false;
  if (weak) return /^\p{Lu}/u.test(after.text);
  return c.nameLike && isNameLike(after.text) && !NOT_NAME_WORDS.has(after.text) && !TITLES.has(after.text);
}

/**
 * Links an article to the gazetteer's entities and proposes people it does not know yet.
 *
 * Proper names match case- and word-boundary-aware ("US" is not "us"), longest form first
 * ("Vladimir Putin" is one mention), possessives included ("Putin's"). A form naming several
 * entities, or a bare surname, links only when the article names one of them unambiguously.
 * Country names that are also given names ("Jordan Peterson"), "Turkey" at dinner and "Georgia"
 * next to Atlanta are turned away by context. Salience weighs the headline and opening most.
 */
export function linkArticle(gazetteer: Gazetteer, article: LinkableText, options: LinkOptions = {}): LinkResult {
  const ws = words(article);
  const startsForm = (i: number) => i < ws.length && gazetteer.exact.next.has(ws[i].text);

  // 1. Proper-name forms, longest first, each word used once.
  const candidates: Candidate[] = [];
  for (let i = 0; i < ws.length; ) {
    const found = longestForm(gazetteer.exact, ws, i, false);
    if (!found) {
      i += 1;
      continue;
    }
    const single = found.end === i;
    candidates.push({ start: i, end: found.end, ends: found.ends, nameLike: single && gazetteer.isGivenName(ws[i].text) });
    i = found.end + 1;
  }

  // 2. Context: names of people and organisations, food and US states.
  let articleText: string | null = null;
  const kept = candidates.filter((c) => {
    if (c.ends.size !== 1) return true;
    const [[id, strength]] = c.ends;
    const entry = gazetteer.entries.get(id);
    if (entry?.kind !== EntityKind.COUNTRY) return true;
    if (c.start === c.end && partOfOtherName(ws, c, strength === FormStrength.WEAK, startsForm, (w) => gazetteer.isGivenName(w))) return false;
    const rule = CONTEXT_RULES[entry.name];
    if (!rule) return true;
    const form = ws.slice(c.start, c.end + 1).map((w, k, all) => (k === all.length - 1 ? withoutPossessive(w.text) ?? w.text : w.text)).join(" ");
    if (rule.forms && !rule.forms.includes(form)) return true;
    if (rule.avoidInSentence?.test(sentenceText(ws, ws[c.start].sentence))) return false;
    articleText ??= `${article.headline}\n${article.summary ?? ""}\n${article.body}`;
    return !(rule.avoidInArticle?.test(articleText) && !rule.keepInArticle?.test(articleText));
  });

  // 3. Entities the article names unambiguously and strongly vouch for weaker or shared forms.
  const vouched = new Set<number>();
  for (const c of kept) {
    if (c.ends.size === 1) {
      const [[id, strength]] = c.ends;
      if (strength === FormStrength.STRONG) vouched.add(id);
    }
  }
  const resolve = (c: Candidate): number | null => {
    if (c.ends.size === 1) {
      const [[id, strength]] = c.ends;
      if (strength === FormStrength.STRONG || vouched.has(id)) return id;
      // A capital stands for its government on its own; a bare surname needs the full name.
      return gazetteer.entries.get(id)?.kind === EntityKind.COUNTRY ? id : null;
    }
    // A full name or alias outweighs someone's given name ("Israel" the country, not Israel Katz).
    const strong = [...c.ends].filter(([, strength]) => strength === FormStrength.STRONG).map(([id]) => id);
    if (strong.length === 1) return strong[0];
    const named = (strong.length ? strong : [...c.ends.keys()]).filter((id) => vouched.has(id));
    return named.length === 1 ? named[0] : null;
  };

  const found = new Map<number | string, Tally>();
  /** Words taken by gazetteer forms, which discovery leaves alone. */
  const covered = new Uint8Array(ws.length);
  const count = (key: number | string, word: Word, name?: string) => {
    let entry = found.get(key);
    if (!entry) found.set(key, (entry = { name, count: 0, weighted: 0, headline: false }));
    entry.count += 1;
    entry.weighted += word.weight;
    entry.headline ||= word.headline;
  };
  for (const c of kept) {
    const id = resolve(c);
    if (id !== null) {
      covered.fill(1, c.start, c.end + 1);
      count(id, ws[c.start]);
    } else if (c.end > c.start || [...c.ends.values()].includes(FormStrength.STRONG)) {
      // A shared full form left unresolved still names someone known: never a new person. A lone
      // given name or surname may still be part of one ("Donald Smith", "Claire Nakamura").
      covered.fill(1, c.start, c.end + 1);
    }
  }

  // 4. Topic keywords, in any case, independently of names.
  for (let i = 0; i < ws.length; ) {
    const hit = longestForm(gazetteer.folded, ws, i, true);
    if (!hit) {
      i += 1;
      continue;
    }
    for (const id of hit.ends.keys()) count(id, ws[i]);
    i = hit.end + 1;
  }

  // 5. People the gazetteer does not know.
  if (options.discover !== false) discoverPeople(ws, covered, options, count, (w) => gazetteer.isGivenName(w), (key) => gazetteer.nameTails.has(key));

  const top = Math.max(0, ...[...found.values()].map((f) => f.weighted));
  const prominence = (f: Tally): Prominence => {
    const salience = Math.round((f.weighted / top) * 1000) / 1000;
    return { count: f.count, salience, role: f.headline || salience >= ABOUT_SALIENCE ? MentionRole.ABOUT : MentionRole.MENTIONS };
  };
  const links: Link[] = [];
  const discovered: DiscoveredPerson[] = [];
  for (const [key, f] of found) {
    if (typeof key === "number") links.push({ entityId: key, ...prominence(f) });
    else discovered.push({ name: f.name as string, key, ...prominence(f) });
  }
  links.sort((a, b) => b.salience - a.salience || a.entityId - b.entityId);
  discovered.sort((a, b) => b.salience - a.salience || a.key.localeCompare(b.key));
  return { links, discovered };
}

/**
 * Finds names of people not in the gazetteer: two to four capitalised words (particles such as
 * "bin" or "von" allowed inside) that start with a known given name or follow a title ("Mr",
 * "Foreign Minister", "spokeswoman"). A candidate vouched for only by its given name is kept when
 * the article refers to the person again, or when `confirm` agrees. Later references by surname
 * ("Ms Kowalski") count for the same person.
 */
function discoverPeople(
  ws: Word[],
  covered: Uint8Array,
  options: LinkOptions,
  count: (key: string, word: Word, name: string) => void,
  isGivenName: (word: string) => boolean,
  isKnownNameTail: (key: string) => boolean,
): void {
  const people = new Map<string, { name: string; surname: string; first: number; score: number; doubtful: boolean; occurrences: number[] }>();
  for (let i = 0; i < ws.length; i++) {
    if (covered[i]) continue;
    let start = i;
    let titled = false;
    // Skip titles that lead into the name ("Spokeswoman Maria Kowalski", "Foreign Minister Jan Nowak").
    while (start < ws.length && !covered[start] && TITLES.has(ws[start].text) && ws[start].sentence === ws[i].sentence) {
      titled = true;
      start += 1;
    }
    const prev = ws[start - 1];
    if (!titled && prev && prev.sentence === ws[start]?.sentence && TITLES.has(prev.text)) titled = true;
    let end = start;
    let possessive = false;
    while (end < ws.length && !covered[end] && end - start < 5 && (end === start || (ws[end].joined && ws[end].sentence === ws[start].sentence))) {
      const word = ws[end].text;
      const stem = withoutPossessive(word);
      if (isNameLike(stem ?? word) && !NOT_NAME_WORDS.has(stem ?? word) && !TITLES.has(stem ?? word)) {
        end += 1;
        if (stem) {
          possessive = true;
          break;
        }
        continue;
      }
      // Particles inside a name ("bin", "von der"): only when a capitalised word follows them.
      let k = end;
      while (k < ws.length && k > start && NAME_PARTICLES.has(ws[k].text) && ws[k].joined && !covered[k]) k += 1;
      if (k > end && k < ws.length && ws[k].joined && !covered[k] && isNameLike(withoutPossessive(ws[k].text) ?? ws[k].text)) {
        end = k;
        continue;
      }
      break;
    }
    if (end - start < 2) continue;
    const parts = ws.slice(start, end).map((w, k, all) => (k === all.length - 1 && possessive ? (withoutPossessive(w.text) as string) : w.text));
    const givenName = isGivenName(parts[0]);
    if (!givenName && !titled) continue;
    const next = possessive ? undefined : ws[end];
    const speaks = next !== undefined && next.sentence === ws[start].sentence && SPEECH_VERBS.has(next.text);
    const name = parts.map((part, k) => (k > 0 ? (ws[start + k].hyphenated ? "-" : " ") : "") + part).join("");
    const key = nameKey(name);
    // "Al Thani" is how articles refer to the known Al Thanis, not a new person.
    if (isKnownNameTail(key)) {
      i = end - 1;
      continue;
    }
    const person = people.get(key) ?? { name, surname: parts[parts.length - 1], first: start, score: 0, doubtful: true, occurrences: [] };
    person.score = Math.max(person.score, (givenName ? 2 : 0) + (titled ? 2 : 0) + (speaks ? 1 : 0));
    person.doubtful &&= !(titled || speaks);
    person.occurrences.push(start);
    people.set(key, person);
    for (let k = start; k < end; k++) covered[k] = 1;
    i = end - 1;
  }
  if (people.size === 0) return;

  // Later references: an honorific and the surname, or the bare surname, of a person found above.
  const bySurname = new Map<string, string[]>();
  for (const [key, p] of people) bySurname.set(p.surname, [...(bySurname.get(p.surname) ?? []), key]);
  const references = new Map<string, number[]>();
  for (let i = 0; i < ws.length; i++) {
    if (covered[i]) continue;
    const word = withoutPossessive(ws[i].text) ?? ws[i].text;
    const keys = bySurname.get(word);
    if (!keys || keys.length !== 1) continue;
    references.set(keys[0], [...(references.get(keys[0]) ?? []), i]);
  }

  for (const [key, p] of people) {
    const again = p.occurrences.length + (references.get(key)?.length ?? 0) > 1;
    if (p.doubtful && !again) {
      const sentence = sentenceText(ws, ws[p.first].sentence);
      if (!options.confirm?.(p.name, sentence)) continue;
    }
    for (const at of [...p.occurrences, ...(references.get(key) ?? [])]) count(key, ws[at], p.name);
  }
}
