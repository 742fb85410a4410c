/** A word of a text, with what separates it from the word before. */
export interface Token {
  /** The word as written, with typographic apostrophes made plain ("Putin's"). */
  text: string;
  /** Offset of the word in the text. */
  start: number;
  /** Index of the sentence the word belongs to, counted across the whole text. */
  sentence: number;
  /** True when only spaces or a hyphen separate this word from the previous one (so names can span them). */
  joined: boolean;
  /** True when that separator is a hyphen ("Jean-Pierre"), so a name rebuilt from words keeps it. */
  hyphenated: boolean;
  /** True when a single comma and spaces separate it from the previous word, inside a sentence. */
  afterComma: boolean;
  /** True for the first word of a sentence, whose capital letter says nothing about it being a name. */
  sentenceStart: boolean;
  /** The word in lower case, for case-insensitive forms. */
  lower: string;
  /** Weight of the part of the text the word stands in (the linker's headline, opening or body). */
  weight: number;
  /** Whether the word stands in the headline. */
  headline: boolean;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

/** Whether the UTF-16 unit at `i` starts a letter or digit (fast path for ASCII). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c >= 0xd800 && c <= 0xdbff) return LETTER_OR_DIGIT.test(text.slice(i, i + 2));
  return LETTER_OR_DIGIT.test(text[i]);
}

/** Apostrophes and dots join letters into one word ("Sa'ar", "U.S"); hyphens do not. */
function isJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 46;
}

/** Words after which a full stop abbreviates rather than ends the sentence ("Dr. Jordan", "U.S. officials"). */
const ABBREVIATIONS = new Set([
  "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Sr", "Jr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Cmdr", "Adm",
  "Sgt", "Rev", "Fr", "Hon", "Pres", "Supt", "Insp", "Mt", "Ft", "No", "vs", "etc", "Inc", "Corp", "Ltd", "Co", "Bros",
  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
]);

/** Words that usually open a sentence, so a full stop after initials before them ends one. */
const SENTENCE_OPENERS = new Set(["The", "A", "An", "It", "He", "She", "They", "We", "I", "But", "And", "In", "On", "At", "This", "That", "There", "Its", "His", "Her", "Their", "Our", "As", "After", "When", "While"]);

/** Initials such as "U.S" or "J": a full stop after them may not end a sentence. */
const INITIALS = /^(?:\p{Lu}\.)*\p{Lu}$/u;

/** Whether a word ending in "." is an abbreviation or initials ("U.S", "J", "Dr"). */
function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word) || INITIALS.test(word);
}

/**
 * A sentence ends at ! or ? (and closing quotes) before a space, at a line break, or at a full stop
 * before a space unless the word before it is an abbreviation or initials.
 */
function endsSentence(text: string, from: number, to: number, previous: string | undefined): boolean {
  let stop = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c === 33 || c === 63) stop = 2;
    else if (c === 46) stop = Math.max(stop, previous !== undefined && i === from && isAbbreviation(previous) ? 0 : 1);
    else if (stop && (c === 32 || c === 9 || c === 0xa0)) return true;
  }
  return false;
}

/**
 * How two words are separated: "space" (spaces, or an abbreviation's full stop and spaces, "Dr.
 * Jordan"), "hyphen" (at most one hyphen), or null for anything else. Names continue across the first two.
 */
function separator(text: string, from: number, to: number, previous: string): "space" | "hyphen" | "comma" | null {
  let hyphens = 0;
  let commas = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 || c === 0x2010 || c === 0x2011) hyphens += 1;
    else if (c === 44) commas += 1;
    else if (c === 46 && i === from && isAbbreviation(previous)) continue;
    else if (c !== 32 && c !== 0xa0) return null;
  }
  if (commas) return commas === 1 && hyphens === 0 ? "comma" : null;
  return hyphens === 0 ? "space" : hyphens === 1 ? "hyphen" : null;
}

/** ASCII character classes for the scanner: 0 not a word character, 1 lower-case letter or digit, 2 capital. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = 2;

/**
 * Splits text into words with sentence numbers, starting the sentence count at `firstSentence`.
 * Words are letters and digits with inner apostrophes and dots ("Sa'ar", "U.S"); hyphens split
 * words but keep them joined ("al-Sharaa"). Used by the linker for both the gazetteer's names and
 * article text, so both split alike. A hand-written scanner: this runs on every ingested article.
 */
export function tokenize(text: string, firstSentence = 0, weight = 1, headline = false): Token[] {
  const tokens: Token[] = [];
  tokenizeInto(tokens, text, firstSentence, weight, headline);
  return tokens;
}

/**
 * tokenize(), appending to `tokens` (the linker gathers an article's parts in one array). Returns
 * the sentence number of the last word added, or `firstSentence` when the text has no word.
 */
export function tokenizeInto(tokens: Token[], text: string, firstSentence: number, weight: number, headline: boolean): number {
  const begin = tokens.length;
  let sentence = firstSentence;
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c < 128 ? ASCII_CLASS[c] === 0 : !isWordChar(text, i)) {
      i += 1;
      continue;
    }
    const start = i;
    // Plain: ASCII without capitals, so the word is its own lower case. Curly: holds a typographic apostrophe.
    let plain = true;
    let curly = false;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c < 128) {
        const k = ASCII_CLASS[c];
        if (k !== 0) {
          if (k === 2) plain = false;
          i += 1;
          continue;
        }
      } else if (isWordChar(text, i)) {
        plain = false;
        i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        continue;
      }
      if (isJoiner(c) && i + 1 < n && isWordChar(text, i + 1)) {
        if (c === 0x2019) curly = true;
        i += 1;
        continue;
      }
      break;
    }
    const first = tokens.length === begin;
    const previous = first ? undefined : tokens[tokens.length - 1].text;
    let word = text.slice(start, i);
    const newSentence =
      first ||
      endsSentence(text, last, start, previous) ||
      // "…in the U.S. The next day": initials, a full stop, and a word that usually opens a sentence.
      (text.charCodeAt(last) === 46 && SENTENCE_OPENERS.has(word) && INITIALS.test(previous ?? ""));
    if (newSentence && !first) sentence += 1;
    if (curly) {
      word = word.replace(/\u2019/g, "'");
      plain = false;
    }
    const gap = first || newSentence ? null : separator(text, last, start, previous as string);
    tokens.push({
      text: word,
      start,
      sentence,
      joined: gap === "space" || gap === "hyphen",
      hyphenated: gap === "hyphen",
      afterComma: gap === "comma",
      sentenceStart: newSentence,
      lower: plain ? word : word.toLowerCase(),
      weight,
      headline,
    });
    last = i;
  }
  return tokens.length > begin ? sentence : firstSentence;
}

/** The word without an English possessive ending ("Putin's" → "Putin"), or null when it has none. */
export function withoutPossessive(word: string): string | null {
  const last = word.charCodeAt(word.length - 1);
  if (last === 115 /* s */ && word.charCodeAt(word.length - 2) === 39 /* ' */) return word.slice(0, -2);
  if (last === 39 && word.charCodeAt(word.length - 2) === 115) return word.slice(0, -1);
  return null;
}

/** Whether a word is written like a name: a capital, then lower case ("Araghchi", "O'Brien", "McCain"). */
export function isNameLike(word: string): boolean {
  // Most words start with a lower-case ASCII letter or a digit: no capital, so no name (the common case).
  const c = word.charCodeAt(0);
  if (c < 128 && ASCII_CLASS[c] !== 2) return false;
  return /^\p{Lu}[\p{Ll}'’]*(?:\p{Lu}[\p{Ll}'’]+)?[\p{Ll}]$/u.test(word) || /^\p{Lu}\p{Ll}$/u.test(word);
}
