import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isNameLike, tokenize, withoutPossessive } from "../../src/ingest/tokens";

/** The words of a text as written. */
function texts(text: string): string[] {
  return tokenize(text).map((t) => t.text);
}

/** Each word with the number of its sentence, e.g. "Two:1". */
function sentences(text: string): string[] {
  return tokenize(text).map((t) => `${t.text}:${t.sentence}`);
}

describe("tokenize", () => {
  it("splits a sentence into its words, with their offsets and lower-case forms", () => {
    const tokens = tokenize("Putin met Araghchi, then left.");
    assert.deepEqual(
      tokens.map((t) => [t.text, t.start, t.lower]),
      [
        ["Putin", 0, "putin"],
        ["met", 6, "met"],
        ["Araghchi", 10, "araghchi"],
        ["then", 20, "then"],
        ["left", 25, "left"],
      ],
    );
  });

  it("keeps inner apostrophes and dots inside one word: \"Sa'ar\", \"U.S\", \"3.5\"", () => {
    assert.deepEqual(texts("Gideon Sa'ar told U.S officials growth was 3.5 percent"), ["Gideon", "Sa'ar", "told", "U.S", "officials", "growth", "was", "3.5", "percent"]);
  });

  it("drops the final dot of \"U.S.\" and quotes around a word", () => {
    assert.deepEqual(texts("the U.S. and 'Iran'"), ["the", "U.S", "and", "Iran"]);
  });

  it("makes curly apostrophes plain: \"Sa’ar\" and \"Putin’s\" read as \"Sa'ar\" and \"Putin's\"", () => {
    const tokens = tokenize("Sa’ar and Putin’s aides");
    assert.deepEqual(tokens.map((t) => t.text), ["Sa'ar", "and", "Putin's", "aides"]);
    assert.deepEqual(tokens.map((t) => t.lower), ["sa'ar", "and", "putin's", "aides"]);
    // Offsets still point into the original text.
    assert.equal(tokens[2].start, 10);
  });

  it("splits hyphenated words but marks the parts as joined: \"Khamenei-to-Putin\", \"al-Sharaa\"", () => {
    const tokens = tokenize("the Khamenei-to-Putin letter from al-Sharaa");
    assert.deepEqual(tokens.map((t) => t.text), ["the", "Khamenei", "to", "Putin", "letter", "from", "al", "Sharaa"]);
    assert.deepEqual(tokens.map((t) => t.joined), [false, true, true, true, true, true, true, true]);
  });

  it("joins words across spaces and at most one hyphen, not across commas, dashes or double hyphens", () => {
    const joined = (text: string) => tokenize(text)[1].joined;
    assert.equal(joined("Vladimir Putin"), true);
    assert.equal(joined("Vladimir  Putin"), true);
    assert.equal(joined("Jean - Pierre"), true);
    assert.equal(joined("Putin, Araghchi"), false);
    assert.equal(joined("Putin—Araghchi"), false);
    assert.equal(joined("Putin -- Araghchi"), false);
    assert.equal(joined("Putin (Araghchi)"), false);
  });

  it("never marks the first word of a text as joined", () => {
    assert.equal(tokenize("Putin spoke")[0].joined, false);
  });

  it("starts a new sentence after \".\", \"!\" and \"?\" followed by a space", () => {
    assert.deepEqual(sentences("Iran spoke. Russia listened! Why? Nobody knows"), ["Iran:0", "spoke:0", "Russia:1", "listened:1", "Why:2", "Nobody:3", "knows:3"]);
  });

  it("starts a new sentence at a line break, even without a full stop", () => {
    assert.deepEqual(sentences("Iran spoke\nRussia listened\n\nNobody knows"), ["Iran:0", "spoke:0", "Russia:1", "listened:1", "Nobody:2", "knows:2"]);
  });

  it("ends a sentence after a full stop inside closing quotes", () => {
    assert.deepEqual(sentences("He said “Go.” Then he left"), ["He:0", "said:0", "Go:0", "Then:1", "he:1", "left:1"]);
  });

  it("does not end a sentence at a dot inside a word or a number", () => {
    assert.deepEqual(sentences("U.S officials expect 3.5 percent"), ["U.S:0", "officials:0", "expect:0", "3.5:0", "percent:0"]);
  });

  it("keeps \"U.S. officials\" in one sentence: the dot of an abbreviation is not a full stop", () => {
    assert.deepEqual(sentences("U.S. officials met Iranian diplomats."), ["U.S:0", "officials:0", "met:0", "Iranian:0", "diplomats:0"]);
    assert.equal(tokenize("U.S. officials met")[1].sentenceStart, false);
  });

  it("flags the first word of every sentence, and only those, as sentenceStart", () => {
    assert.deepEqual(
      tokenize("Talks resumed. Officials in Moscow agreed\nMore talks").map((t) => `${t.text}:${t.sentenceStart}`),
      ["Talks:true", "resumed:false", "Officials:true", "in:false", "Moscow:false", "agreed:false", "More:true", "talks:false"],
    );
  });

  it("counts sentences from firstSentence and stamps every word with the given weight and headline flag", () => {
    const tokens = tokenize("Putin visits Tehran. Talks begin", 7, 3, true);
    assert.deepEqual(tokens.map((t) => t.sentence), [7, 7, 7, 8, 8]);
    assert.ok(tokens.every((t) => t.weight === 3 && t.headline));
  });

  it("defaults to sentence 0, weight 1 and not the headline", () => {
    const [token] = tokenize("Putin");
    assert.deepEqual([token.sentence, token.weight, token.headline], [0, 1, false]);
  });

  it("finds no words in punctuation or white space", () => {
    assert.deepEqual(tokenize(" — ... ,\n\n "), []);
  });

  it("reads letters outside ASCII as parts of words: \"Erdoğan\", \"Türkiye\"", () => {
    assert.deepEqual(texts("Erdoğan visited Türkiye’s capital"), ["Erdoğan", "visited", "Türkiye's", "capital"]);
  });
});

describe("withoutPossessive", () => {
  it("removes \"'s\": \"Putin's\" → \"Putin\"", () => {
    assert.equal(withoutPossessive("Putin's"), "Putin");
  });

  it("removes the bare apostrophe of a plural or s-final possessive: \"Reuters'\" → \"Reuters\"", () => {
    assert.equal(withoutPossessive("Reuters'"), "Reuters");
  });

  it("returns null for a word without a possessive ending", () => {
    assert.equal(withoutPossessive("Putin"), null);
    assert.equal(withoutPossessive("Sa'ar"), null);
    assert.equal(withoutPossessive("Moscow"), null);
  });
});

describe("isNameLike", () => {
  it("accepts words written like names: \"Araghchi\", \"O'Brien\", \"McCain\", \"DeSantis\", \"Xi\", \"Émile\"", () => {
    for (const word of ["Araghchi", "O'Brien", "O’Brien", "McCain", "DeSantis", "Xi", "Émile"]) assert.equal(isNameLike(word), true, word);
  });

  it("rejects lower-case words, acronyms, shouting and single letters: \"iran\", \"US\", \"ARAGHCHI\", \"A\"", () => {
    for (const word of ["iran", "van", "US", "ARAGHCHI", "A", "X"]) assert.equal(isNameLike(word), false, word);
  });
});
