import { EntityKind } from "../entity/entity.entity";
import { nameKey } from "../entity/entity.rows";
import { MentionRole } from "../mention/mention.entity";
import { FormStrength, Gazetteer, type TrieNode } from "./gazetteer";
import { FIRST_NAMES, HONORIFICS, NAME_PARTICLES, NOT_NAME_WORDS, SPEECH_VERBS, TITLES } from "./names";
import { isNameLike, tokenize, withoutPossessive, type Token } from "./tokens";

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

/**
 * Context that turns a form away: "Turkey" at a Thanksgiving dinner, "Georgia" next to Atlanta.
 * `avoidInSentence` looks at the sentence, `avoidInArticle` at the whole article unless
 * `keepInArticle` also matches there.
 */
const CONTEXT_RULES: Record<string, { avoidInSentence?: RegExp; avoidInArticle?: RegExp; keepInArticle?: RegExp }> = {
  Turkey: { avoidInSentence: /thanksgiving|roast|stuffing|gravy|recipe|carv|oven|dinner|sandwich|feast|brine|drumstick/i },
  Georgia: {
    avoidInArticle: /\b(Atlanta|Savannah|Peach State|Georgia Tech|Fulton County|Kemp|Raffensperger|Warnock|Ossoff)\b|\bstate of Georgia\b|\bGeorgia(?:'s)? (?:governor|legislature|General Assembly|voters|Republicans|Democrats)\b/,
    keepInArticle: /\b(Tbilisi|Georgian|Caucasus|Abkhazia|Ossetia|Kobakhidze|Georgian Dream)\b/,
  },
};

function segments(text: LinkableText): { text: string; weight: number; headline: boolean }[] {
  const [opening = "", ...rest] = text.body.split(/\n\s*\n/);
  return [
    { text: text.headline, weight: WEIGHT.headline, headline: true },
    // The standfirst often repeats a body sentence; it still counts as opening emphasis.
    { text: text.summary ?? "", weight: WEIGHT.opening, headline: false },
    { text: opening, weight: WEIGHT.opening, headline: false },
    { text: rest.join("\n\n"), weight: WEIGHT.body, headline: false },
  ];
}

function words(text: LinkableText): Word[] {
  const all: Word[] = [];
  let sentence = 0;
  for (const segment of segments(text)) {
    const tokens = tokenize(segment.text, sentence, segment.weight, segment.headline);
    for (const token of tokens) all.push(token);
    sentence = (tokens.at(-1)?.sentence ?? sentence) + 1;
  }
  return all;
}

/** Longest gazetteer form starting at word `i`, walking only across words a space or hyphen joins. */
function longestForm(root: TrieNode, ws: Word[], i: number, fold: boolean): { end: number; ends: Map<number, FormStrength> } | null {
  let at = root;
  let best: { end: number; ends: Map<number, FormStrength> } | null = null;
  for (let j = i; j < ws.length; j++) {
    if (j > i && (!ws[j].joined || ws[j].sentence !== ws[i].sentence)) break;
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

/** Whether a one-word form that is also a given name is really part of a person's name here. */
function partOfPersonName(ws: Word[], c: Candidate, startsOtherForm: (i: number) => boolean): boolean {
  const before = ws[c.start - 1];
  const after = ws[c.end + 1];
  const sameSentence = (w: Word | undefined) => w !== undefined && w.sentence === ws[c.start].sentence;
  if (sameSentence(before) && ws[c.start].joined && (FIRST_NAMES.has(before!.text) || HONORIFICS.has(before!.text))) return true;
  if (!c.nameLike || !sameSentence(after) || !after!.joined) return false;
  return isNameLike(after!.text) && !NOT_NAME_WORDS.has(after!.text) && !TITLES.has(after!.text) && !startsOtherForm(c.end + 1);
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
    candidates.push({ start: i, end: found.end, ends: found.ends, nameLike: single && FIRST_NAMES.has(ws[i].text) });
    i = found.end + 1;
  }

  // 2. Context: given names, food and US states.
  const articleText = `${article.headline}\n${article.summary ?? ""}\n${article.body}`;
  const kept = candidates.filter((c) => {
    const onlyCountries = [...c.ends.keys()].every((id) => gazetteer.entries.get(id)?.kind === EntityKind.COUNTRY);
    if (onlyCountries && c.start === c.end && partOfPersonName(ws, c, startsForm)) return false;
    const rule = c.start === c.end ? CONTEXT_RULES[ws[c.start].text] : undefined;
    if (rule?.avoidInSentence?.test(sentenceText(ws, ws[c.start].sentence))) return false;
    if (rule?.avoidInArticle?.test(articleText) && !rule.keepInArticle?.test(articleText)) return false;
    return true;
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
    const named = [...c.ends.keys()].filter((id) => vouched.has(id));
    return named.length === 1 ? named[0] : null;
  };

  const found = new Map<number | string, Tally>();
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
    if (id === null) continue;
    covered.fill(1, c.start, c.end + 1);
    count(id, ws[c.start]);
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
  if (options.discover !== false) discoverPeople(ws, covered, options, count);

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
    while (
      end < ws.length &&
      !covered[end] &&
      (end === start || (ws[end].joined && ws[end].sentence === ws[start].sentence)) &&
      (isNameLike(ws[end].text) || (end > start && NAME_PARTICLES.has(ws[end].text) && ws[end + 1] && isNameLike(ws[end + 1].text))) &&
      !NOT_NAME_WORDS.has(ws[end].text) &&
      !TITLES.has(ws[end].text) &&
      end - start < 4
    ) {
      end += 1;
    }
    const length = end - start;
    if (length < 2) continue;
    const parts = ws.slice(start, end).map((w) => w.text);
    const givenName = FIRST_NAMES.has(parts[0]);
    if (!givenName && !titled) continue;
    if (!givenName && ws[start].sentenceStart && !titled) continue;
    const next = ws[end];
    const speaks = next !== undefined && next.sentence === ws[start].sentence && SPEECH_VERBS.has(next.text);
    const name = parts.join(" ");
    const key = nameKey(name);
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
