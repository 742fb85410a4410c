import { BadUserInputError } from "../errors/errors";
import { tsQueryTerm } from "./search-document";

/** Longest search text accepted, in characters. */
export const MAX_SEARCH_LENGTH = 500;
/** Most words and phrases one search may hold (each is an index lookup). */
export const MAX_SEARCH_TERMS = 32;

/**
 * How many matches of a search are ranked by relevance: the newest ones. Pages in relevance order end
 * after them (totalCount still counts every match; newest-first order pages through all), as GitHub's
 * search ends after its first 1,000 results. Ranking reads each candidate's document and finding the
 * newest matches of a common word reads about candidates / (share of documents matching) of them, so
 * the cost is linear in this number: at a million articles, two words in 4.6% of the documents took
 * 39 ms of PostgreSQL time with 1,000 candidates and 7 ms with 200 (README, "Search"). 200 is ten
 * pages of 20, from the newest days of coverage, which a news search should prefer anyway.
 */
export const RELEVANCE_CANDIDATES = 200;

/** A word or a "quoted phrase", as typed (accents and case are folded by the compilers). */
export interface SearchTerm {
  text: string;
  phrase: boolean;
}

/**
 * A parsed search in conjunctive form: every group of `all` must match (a group matches when any of
 * its terms does), and no term of `none` may. Plain data, so it can sit in loader cache keys.
 */
export interface SearchQuery {
  all: SearchTerm[][];
  none: SearchTerm[];
}

/** A term holds something to search for: a letter or digit (punctuation alone matches nothing). */
const SEARCHABLE = /[\p{L}\p{N}]/u;

interface Token {
  kind: "term" | "or";
  term?: SearchTerm;
  negated?: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/u.test(text[i])) {
      i += 1;
      continue;
    }
    // A minus sign starts an exclusion only at the beginning of a word ("-Trump", -"air strike"); inside
    // a word ("al-Assad") it belongs to the word.
    const negated = text[i] === "-" && i + 1 < text.length && !/\s/u.test(text[i + 1]);
    if (negated) i += 1;
    if (text[i] === '"') {
      // A quote left open (the user is still typing) runs to the end of the text.
      const close = text.indexOf('"', i + 1);
      const end = close === -1 ? text.length : close;
      tokens.push({ kind: "term", negated, term: { text: text.slice(i + 1, end), phrase: true } });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/u.test(text[end]) && text[end] !== '"') end += 1;
    const word = text.slice(i, end);
    i = end;
    tokens.push(word === "OR" && !negated ? { kind: "or" } : { kind: "term", negated, term: { text: word, phrase: false } });
  }
  return tokens;
}

/** Collapses whitespace; a phrase of one word is a word. */
function clean(term: SearchTerm): SearchTerm | null {
  const text = term.text.replace(/\s+/gu, " ").trim();
  if (!SEARCHABLE.test(text)) return null;
  return { text, phrase: term.phrase && text.includes(" ") };
}

/**
 * Parses what a user types into a search box:
 * - words: every one must match (`iran nuclear`);
 * - "quoted phrases": the words in this order, next to each other (`"supreme leader"`);
 * - `OR` (upper case) between two words or phrases: either may match. It binds tighter than the
 *   implicit AND, as on web search engines: `iran nuclear OR atomic` is iran AND (nuclear OR atomic).
 *   (PostgreSQL's websearch_to_tsquery reads it as (iran AND nuclear) OR atomic, so it is not used.)
 * - `-word`, `-"phrase"`: articles containing it are left out.
 * Input still being typed is read kindly: an open quote runs to the end, an `OR` with nothing to join
 * is ignored, and terms of punctuation alone are dropped. Throws BAD_USER_INPUT (naming
 * `argumentName`) for empty text, text over MAX_SEARCH_LENGTH characters or MAX_SEARCH_TERMS terms,
 * and searches with nothing to match (only exclusions).
 */
export function parseSearchQuery(input: string, argumentName = "search"): SearchQuery {
  const fail = (problem: string): never => {
    throw new BadUserInputError(`\`${argumentName}\` ${problem}`, { argumentName });
  };
  if (input.length > MAX_SEARCH_LENGTH) fail(`is longer than ${MAX_SEARCH_LENGTH} characters (${input.length})`);
  const text = input.normalize("NFC");
  if (!text.trim()) fail("is empty; type a word or a \"quoted phrase\"");

  const all: SearchTerm[][] = [];
  const none: SearchTerm[] = [];
  // `joinNext`: the previous token was an OR that follows a positive term, so the next positive term
  // joins the last group.
  let joinNext = false;
  let lastWasPositive = false;
  for (const token of tokenize(text)) {
    if (token.kind === "or") {
      joinNext = lastWasPositive;
      continue;
    }
    const term = clean(token.term as SearchTerm);
    if (!term) continue;
    if (token.negated) {
      none.push(term);
      joinNext = false;
      lastWasPositive = false;
      continue;
    }
    if (joinNext) all[all.length - 1].push(term);
    else all.push([term]);
    joinNext = false;
    lastWasPositive = true;
  }
  // Repeated terms and groups are dropped, the first one typed kept.
  const unique = <T>(items: T[], key: (item: T) => string) => items.filter((item, i) => items.findIndex((other) => key(other) === key(item)) === i);
  const termKey = (t: SearchTerm) => `${t.phrase}:${t.text.toLowerCase()}`;
  const groups = all.map((g) => unique(g, termKey));
  const query: SearchQuery = { all: unique(groups, (g) => g.map(termKey).sort().join("\n")), none: unique(none, termKey) };

  const terms = query.all.reduce((n, group) => n + group.length, 0) + query.none.length;
  if (terms > MAX_SEARCH_TERMS) fail(`has ${terms} words and phrases; at most ${MAX_SEARCH_TERMS} are allowed`);
  if (!query.all.length) {
    fail(
      terms
        ? "only excludes words; add a word or phrase that articles must contain"
        : "has no word or phrase to search for",
    );
  }
  return query;
}

function showTerm(term: SearchTerm): string {
  return term.phrase ? `"${term.text}"` : term.text;
}

/** The search in canonical form (`iran (nuclear OR atomic) -"air strike"` reads `iran nuclear OR atomic -"air strike"`). */
export function formatSearchQuery(query: SearchQuery): string {
  return [
    ...query.all.map((group) => group.map(showTerm).join(" OR ")),
    ...query.none.map((t) => `-${showTerm(t)}`),
  ].join(" ");
}

/**
 * The search as an FTS5 MATCH expression. Every term is a quoted FTS5 string, so nothing the user
 * typed is FTS5 syntax (column filters, NEAR, `*`, `^`); the tokenizer (porter unicode61
 * remove_diacritics 2) folds case and accents and stems each word, as it did for the documents.
 * FTS5's NOT is binary, which is why a search needs at least one positive term.
 */
export function toFts5Match(query: SearchQuery): string {
  const quote = (t: SearchTerm) => `"${t.text.replace(/"/g, '""')}"`;
  const group = (g: SearchTerm[]) => (g.length === 1 ? quote(g[0]) : `(${g.map(quote).join(" OR ")})`);
  const positive = query.all.map(group).join(" AND ");
  return query.none.length ? `(${positive}) NOT (${query.none.map(quote).join(" OR ")})` : positive;
}

/**
 * The search as a PostgreSQL `tsquery` literal: each word or phrase made into lexemes exactly as the
 * documents were (tsQueryTerm in search-document.ts; a phrase keeps its word order and gaps), joined
 * with the tsquery operators & (AND), | (OR) and ! (NOT). Bound as one parameter and cast, so nothing
 * the user typed is tsquery syntax. A term made only of stop words ("the") is left out of its group,
 * and a group left empty out of the search; null when no positive term is left, which matches nothing.
 */
export function toTsQuery(query: SearchQuery): string | null {
  return tsQuery(query, false);
}

/**
 * The search loosened for a document's words without positions (`article_search.words`,
 * PostgreSQL's `strip()`): a phrase becomes all of its words, and an excluded phrase is dropped. Every
 * document the search matches matches this; where the two differ (a phrase, or a word the parser
 * splits into several lexemes), matches must also be checked against the whole document.
 */
export function toTsQueryWords(query: SearchQuery): string | null {
  return tsQuery(query, true);
}

/**
 * What a PostgreSQL match is ranked against: the search without its exclusions. `ts_rank` reads every
 * word of the query it is given as one to look for, whatever operator joins them, so an excluded word
 * would count as a wanted word that is missing and reorder the matches (the excluded words are absent
 * from every match anyway).
 */
export function toTsQueryRanking(query: SearchQuery): string | null {
  return tsQuery({ all: query.all, none: [] }, false);
}

function tsQuery(query: SearchQuery, loose: boolean): string | null {
  const group = (g: SearchTerm[], excluded: boolean) => {
    const terms = g
      .map((t) => tsQueryTerm(t.text, loose))
      // "a & b" excluded would leave out documents with both words apart, which the phrase keeps.
      .filter((t): t is string => t !== null && !(loose && excluded && t.includes("&")));
    return terms.length ? `(${terms.map((t) => `(${t})`).join(" | ")})` : null;
  };
  const positive = query.all.map((g) => group(g, false)).filter((g): g is string => g !== null);
  if (!positive.length) return null;
  const excluded = group(query.none, true);
  return excluded ? `${positive.join(" & ")} & !${excluded}` : positive.join(" & ");
}
