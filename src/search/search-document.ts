import { stem } from "porter2";

/**
 * PostgreSQL search documents, built by newsgraph rather than by `to_tsvector('english', …)`.
 *
 * PostgreSQL's text-search parser spent about 0.6 ms of database time on each ~2.5 KB article,
 * on the one connection that ingestion writes through, so it capped ingestion. Splitting words and
 * stemming them here takes a fraction of that on the ingesting process, which waits on the database
 * anyway, and the database only reads a `tsvector` literal. Queries go through the same functions
 * (searchLexemes), so documents and queries always agree. The rules follow the 'english'
 * configuration they replace: case and accents folded, Snowball English ("Porter2") stems,
 * PostgreSQL's English stop-word list, stop words keeping their positions so phrases stay exact.
 */

/** PostgreSQL's `english.stop` list: words too common to index. */
const STOP_WORDS = new Set(
  ("i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself " +
    "they them their theirs themselves what which who whom this that these those am is are was were be been being have has had " +
    "having do does did doing a an the and but if or because as until while of at by for with about against between into through " +
    "during before after above below to from up down in out on off over under again further then once here there when where why " +
    "how all any both each few more most other some such no nor not only own same so than too very s t can will just don should now").split(" "),
);

/** A letter or digit outside ASCII (ASCII ones are tested by code, the common case). */
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Combining marks left by NFKD: dropping them folds "Erdoğan" to "erdogan". */
const MARKS = /[\u0300-\u036f]/g;
/** Longer "words" are not language (hashes, base64): not indexed, as PostgreSQL skips over-long ones. */
const MAX_WORD_LENGTH = 60;
/** PostgreSQL keeps positions up to 16383 and at most 256 per lexeme in a document. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;

/**
 * Lexemes of words, remembered ("" for a stop word): news vocabulary is small and skewed, so most
 * words are stemmed once per process, and each word costs one lookup.
 */
const lexemes = new Map<string, string>();
const MAX_REMEMBERED_WORDS = 200_000;

function lexemeOf(word: string): string {
  let lexeme = lexemes.get(word);
  if (lexeme === undefined) {
    // Porter2 leaves words with digits alone; it would mangle "2025s" otherwise.
    lexeme = STOP_WORDS.has(word) ? "" : /\d/.test(word) ? word : stem(word);
    if (lexemes.size >= MAX_REMEMBERED_WORDS) lexemes.clear();
    lexemes.set(word, lexeme);
  }
  return lexeme;
}

/** Folds case and accents the way search documents and queries both do. */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(MARKS, "").toLowerCase();
}

/**
 * Calls `each` with the lexeme of every word of `text` in order, "" for a stop word (it still takes a
 * position, so a phrase query knows the gap it leaves). A word is a run of letters and digits; one
 * pass over the folded text, since documents are built for every article ingested.
 */
function forEachLexeme(text: string, each: (lexeme: string) => void): void {
  const folded = foldText(text);
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const c = i < folded.length ? folded.charCodeAt(i) : 32;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 128 && WORD_CHAR.test(folded[i] as string));
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start <= MAX_WORD_LENGTH) each(lexemeOf(folded.slice(start, i)));
      start = -1;
    }
  }
}

/** The words of `text` as lexemes, in order, with `null` for a stop word. */
export function searchLexemes(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  forEachLexeme(text, (lexeme) => out.push(lexeme || null));
  return out;
}

/** An article's text, weighted: headline A, summary B, body C (the weights `ts_rank` reads). */
export interface SearchText {
  headline: string;
  summary: string | null;
  body: string;
}

/**
 * Each lexeme of an article with its positions, in order of first appearance. A position is kept
 * as PostgreSQL keeps it (WordEntryPos): the weight in the top two bits (A 3, B 2, C 1), the
 * position in the low fourteen.
 */
type Positions = Map<string, number[]>;

const WEIGHT_A = 3 << 14;
const WEIGHT_B = 2 << 14;
const WEIGHT_C = 1 << 14;
/** Weight letters by those two bits; weight D is written as no letter. */
const WEIGHT_LETTERS = ["", "C", "B", "A"];

/**
 * Lexemes and their weighted positions in an article. Fields are numbered on from each other with a
 * gap of one position, so a phrase never runs from the headline into the summary.
 */
function documentPositions(text: SearchText): Positions {
  const positions: Positions = new Map();
  let position = 0;
  const add = (field: string | null, weight: number) => {
    if (!field) return;
    forEachLexeme(field, (lexeme) => {
      position += 1;
      if (!lexeme || position > MAX_POSITION) return;
      const list = positions.get(lexeme);
      if (!list) positions.set(lexeme, [weight | position]);
      else if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(weight | position);
    });
    position += 1;
  };
  add(text.headline, WEIGHT_A);
  add(text.summary, WEIGHT_B);
  add(text.body, WEIGHT_C);
  return positions;
}

/**
 * The article's search document as a PostgreSQL `tsvector` literal (`'iran':1A,9C 'talk':3A …`), to be
 * bound as a parameter and cast with `::tsvector`. Fields are numbered on from each other with a gap
 * of one position, so a phrase never runs from the headline into the summary.
 */
export function searchDocument(text: SearchText): string {
  let document = "";
  // Lexemes hold only letters and digits, so they need no escaping inside the quotes.
  for (const [lexeme, list] of documentPositions(text)) {
    document += `${document ? " " : ""}'${lexeme}':${list.map((p) => `${p & 0x3fff}${WEIGHT_LETTERS[p >> 14]}`).join(",")}`;
  }
  return document;
}

/** UTF-16 surrogates: where JavaScript's string order stops being UTF-8 byte order. */
const SURROGATE = /[\ud800-\udfff]/;

/** Where binary documents are written before being copied out at their exact size (worker threads each have their own). */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * The same document in PostgreSQL's binary `tsvector` format (what `tsvector_send` writes and
 * `tsvector_recv` reads: lexeme count; then each lexeme as a NUL-terminated UTF-8 string, its number
 * of positions and the positions with their weights), lexemes in PostgreSQL's order (bytewise,
 * shorter first). The database then stores it without parsing text or sorting: reading the text
 * literal was most of the cost of writing a search document. The stored value is the same.
 */
export function searchDocumentBinary(text: SearchText): Uint8Array {
  const positions = documentPositions(text);
  const lexemes = [...positions.keys()];
  if (lexemes.some((l) => SURROGATE.test(l))) {
    const bytes = new Map(lexemes.map((l) => [l, Buffer.from(l, "utf8")]));
    lexemes.sort((a, b) => Buffer.compare(bytes.get(a) as Buffer, bytes.get(b) as Buffer));
  } else {
    // Without surrogates, comparing UTF-16 code units orders as comparing UTF-8 bytes does.
    lexemes.sort();
  }
  let size = 4;
  for (const lexeme of lexemes) size += 3 * lexeme.length + 3 + 2 * (positions.get(lexeme) as number[]).length;
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(size);
  const out = scratch;
  let at = out.writeInt32BE(lexemes.length, 0);
  for (const lexeme of lexemes) {
    let ascii = true;
    for (let i = 0; i < lexeme.length; i++) {
      const c = lexeme.charCodeAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      out[at + i] = c;
    }
    at += ascii ? lexeme.length : out.write(lexeme, at, "utf8");
    out[at++] = 0;
    const list = positions.get(lexeme) as number[];
    out[at++] = list.length >> 8;
    out[at++] = list.length & 0xff;
    for (const p of list) {
      out[at++] = p >> 8;
      out[at++] = p & 0xff;
    }
  }
  // A copy of its own, not a view of the scratch buffer: it is sent between threads and kept.
  return Uint8Array.prototype.slice.call(out, 0, at);
}

/**
 * A word or phrase as a `tsquery` literal: one lexeme, or lexemes joined by `<N>` (followed by, N
 * positions on), with stop words widening the gap as they do in documents. With `loose`, the lexemes
 * are joined by `&` instead: what a document's words without positions (`article_search.words`) can
 * be checked for. Null when nothing in it can be searched for (only stop words, like "the").
 */
export function tsQueryTerm(text: string, loose = false): string | null {
  const parts: string[] = [];
  let gap = 0;
  for (const lexeme of searchLexemes(text)) {
    gap += 1;
    if (lexeme === null) continue;
    parts.push(parts.length === 0 ? `'${lexeme}'` : ` ${loose ? "&" : `<${gap}>`} '${lexeme}'`);
    gap = 0;
  }
  return parts.length ? parts.join("") : null;
}
