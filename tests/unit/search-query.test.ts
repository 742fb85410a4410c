import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BadUserInputError } from "../../src/errors/errors";
import {
  formatSearchQuery,
  MAX_SEARCH_LENGTH,
  MAX_SEARCH_TERMS,
  parseSearchQuery,
  toFts5Match,
  toTsQuery,
  toTsQueryRanking,
  toTsQueryWords,
} from "../../src/search/search-query";

const word = (text: string) => ({ text, phrase: false });
const phrase = (text: string) => ({ text, phrase: true });

/** Asserts that parsing `text` is a BAD_USER_INPUT error whose message matches `message`. */
function assertRejected(text: string, message: RegExp): void {
  assert.throws(
    () => parseSearchQuery(text, "filter.search"),
    (err: unknown) => {
      assert.ok(err instanceof BadUserInputError, `expected a BadUserInputError for ${JSON.stringify(text)}, got ${String(err)}`);
      assert.equal(err.code, "BAD_USER_INPUT");
      assert.match(err.message, /^`filter\.search` /);
      assert.match(err.message, message);
      assert.equal(err.details.argumentName, "filter.search");
      return true;
    },
  );
}

describe("parseSearchQuery", () => {
  it("requires every word", () => {
    assert.deepEqual(parseSearchQuery("iran  nuclear\ttalks"), { all: [[word("iran")], [word("nuclear")], [word("talks")]], none: [] });
  });

  it("keeps a quoted phrase as one term", () => {
    assert.deepEqual(parseSearchQuery('"supreme  leader" iran'), { all: [[phrase("supreme leader")], [word("iran")]], none: [] });
  });

  it("joins the terms on either side of an upper-case OR, binding tighter than AND", () => {
    assert.deepEqual(parseSearchQuery('iran nuclear OR atomic OR "uranium enrichment"'), {
      all: [[word("iran")], [word("nuclear"), word("atomic"), phrase("uranium enrichment")]],
      none: [],
    });
  });

  it("reads a lower-case or as a word", () => {
    assert.deepEqual(parseSearchQuery("war or peace"), { all: [[word("war")], [word("or")], [word("peace")]], none: [] });
  });

  it("excludes words and phrases after a minus sign, but not hyphens inside words", () => {
    assert.deepEqual(parseSearchQuery('al-Assad -Trump -"air strike" - e-mail'), {
      all: [[word("al-Assad")], [word("e-mail")]],
      none: [word("Trump"), phrase("air strike")],
    });
  });

  it("reads input still being typed kindly: an open quote, a stray OR, punctuation", () => {
    assert.deepEqual(parseSearchQuery('iran "supreme lea'), { all: [[word("iran")], [phrase("supreme lea")]], none: [] });
    assert.deepEqual(parseSearchQuery("OR iran OR"), { all: [[word("iran")]], none: [] });
    assert.deepEqual(parseSearchQuery("iran OR -talks OR peace"), { all: [[word("iran")], [word("peace")]], none: [word("talks")] });
    assert.deepEqual(parseSearchQuery('iran & "" — israel'), { all: [[word("iran")], [word("israel")]], none: [] });
    assert.deepEqual(parseSearchQuery('"iran"'), { all: [[word("iran")]], none: [] });
  });

  it("drops repeated terms", () => {
    assert.deepEqual(parseSearchQuery("iran Iran -talks -talks"), { all: [[word("iran")]], none: [word("talks")] });
  });

  it("rejects searches with nothing to look for, naming the problem", () => {
    assertRejected("", /is empty/);
    assertRejected("   \n ", /is empty/);
    assertRejected('!!! "" ... OR', /no word or phrase to search for/);
    assertRejected("-iran -\"air strike\"", /only excludes words/);
  });

  it("rejects searches that are too long or have too many terms", () => {
    assertRejected("a".repeat(MAX_SEARCH_LENGTH + 1), new RegExp(`longer than ${MAX_SEARCH_LENGTH} characters`));
    parseSearchQuery("a".repeat(MAX_SEARCH_LENGTH));
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
    parseSearchQuery(words(MAX_SEARCH_TERMS));
    assertRejected(words(MAX_SEARCH_TERMS + 1), new RegExp(`at most ${MAX_SEARCH_TERMS} are allowed`));
  });
});

describe("formatSearchQuery", () => {
  it("writes the search in canonical form", () => {
    assert.equal(formatSearchQuery(parseSearchQuery('  iran   nuclear OR  "atomic  bomb" -trump OR "')), 'iran nuclear OR "atomic bomb" -trump');
  });
});

describe("toFts5Match", () => {
  it("quotes every term, so nothing typed is FTS5 syntax", () => {
    const match = toFts5Match(parseSearchQuery('headline:iran NEAR(a b) "x* ^y" -col:z'));
    assert.equal(match, '("headline:iran" AND "NEAR(a" AND "b)" AND "x* ^y") NOT ("col:z")');
  });

  it("combines groups with AND, OR and NOT", () => {
    assert.equal(toFts5Match(parseSearchQuery("iran")), '"iran"');
    assert.equal(toFts5Match(parseSearchQuery('iran nuclear OR "atomic bomb"')), '"iran" AND ("nuclear" OR "atomic bomb")');
    assert.equal(toFts5Match(parseSearchQuery("iran -talks -peace")), '("iran") NOT ("talks" OR "peace")');
  });
});

describe("toTsQuery", () => {
  it("makes every term into folded, stemmed lexemes joined by tsquery operators", () => {
    assert.equal(
      toTsQuery(parseSearchQuery('Erdoğan nuclear OR "atomic bombs" -talks')),
      "(('erdogan')) & (('nuclear') | ('atom' <1> 'bomb')) & !(('talk'))",
    );
  });

  it("widens a phrase's gap for the stop words inside it, as documents count them", () => {
    assert.equal(toTsQuery(parseSearchQuery('"House of Commons"')), "(('hous' <2> 'common'))");
  });

  it("leaves out terms of stop words only, and matches nothing when no positive term is left", () => {
    assert.equal(toTsQuery(parseSearchQuery("the iran OR an")), "(('iran'))");
    assert.equal(toTsQuery(parseSearchQuery('"the" -iran')), null);
  });

  it("keeps tsquery syntax the user typed out of the query", () => {
    const literal = toTsQuery(parseSearchQuery("'); DROP TABLE article; -- a:* & !b <-> c | d"));
    assert.equal(literal, "(('drop')) & (('tabl')) & (('articl')) & (('b')) & (('c')) & (('d'))");
  });
});

describe("toTsQueryWords", () => {
  it("is the search itself when it has no phrase", () => {
    const query = parseSearchQuery("iran nuclear OR atomic -talks");
    assert.equal(toTsQueryWords(query), toTsQuery(query));
  });

  it("asks for all of a phrase's words, and drops an excluded phrase", () => {
    assert.equal(
      toTsQueryWords(parseSearchQuery('Erdoğan "atomic bombs" -"House of Commons" -talks')),
      "(('erdogan')) & (('atom' & 'bomb')) & !(('talk'))",
    );
    assert.equal(toTsQueryWords(parseSearchQuery('iran -"supreme leader"')), "(('iran'))");
  });
});

describe("toTsQueryRanking", () => {
  it("is the search without its exclusions, phrases kept whole", () => {
    assert.equal(toTsQueryRanking(parseSearchQuery('iran "nuclear talks" OR atomic -sanctions -"supreme leader"')), "(('iran')) & (('nuclear' <1> 'talk') | ('atom'))");
    const plain = parseSearchQuery("iran nuclear");
    assert.equal(toTsQueryRanking(plain), toTsQuery(plain));
  });

  it("is null when nothing wanted is left", () => {
    assert.equal(toTsQueryRanking(parseSearchQuery("the -iran")), null);
  });
});
