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

/** A sentence ends at . ! ? (and closing quotes) before a space, or at a line break. */
function endsSentence(text: string, from: number, to: number): boolean {
  let sawStop = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c === 46 || c === 33 || c === 63) sawStop = true;
    else if (sawStop && (c === 32 || c === 9 || c === 0xa0)) return true;
  }
  return false;
}

/** Only spaces and at most one hyphen between two words: a name may continue across them. */
function joins(text: string, from: number, to: number): boolean {
  let hyphens = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 || c === 0x2010 || c === 0x2011) hyphens += 1;
    else if (c !== 32 && c !== 0xa0) return false;
  }
  return hyphens <= 1;
}

/**
 * Splits text into words with sentence numbers, starting the sentence count at `firstSentence`.
 * Words are letters and digits with inner apostrophes and dots ("Sa'ar", "U.S"); hyphens split
 * words but keep them joined ("al-Sharaa"). Used by the linker for both the gazetteer's names and
 * article text, so both split alike. A hand-written scanner: this runs on every ingested article.
 */
export function tokenize(text: string, firstSentence = 0, weight = 1, headline = false): Token[] {
  const tokens: Token[] = [];
  let sentence = firstSentence;
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isWordChar(text, i)) {
      i += 1;
      continue;
    }
    const start = i;
    while (i < n) {
      if (isWordChar(text, i)) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
      else if (isJoiner(text.charCodeAt(i)) && i + 1 < n && isWordChar(text, i + 1)) i += 1;
      else break;
    }
    const first = tokens.length === 0;
    const newSentence = first || endsSentence(text, last, start);
    if (newSentence && !first) sentence += 1;
    let word = text.slice(start, i);
    if (word.includes("’")) word = word.replace(/’/g, "'");
    tokens.push({
      text: word,
      start,
      sentence,
      joined: !first && !newSentence && joins(text, last, start),
      sentenceStart: newSentence,
      lower: word.toLowerCase(),
      weight,
      headline,
    });
    last = i;
  }
  return tokens;
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
  return /^\p{Lu}[\p{Ll}'’]*(?:\p{Lu}[\p{Ll}'’]+)?[\p{Ll}]$/u.test(word) || /^\p{Lu}\p{Ll}$/u.test(word);
}
