import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { searchDocument, searchLexemes, tsQueryTerm } from "../../src/search/search-document";

describe("search documents", () => {
  it("folds case and accents and stems words as Snowball English does", () => {
    assert.deepEqual(searchLexemes("Erdoğan's Talks, NEGOTIATIONS and the News"), ["erdogan", null, "talk", "negoti", null, null, "news"]);
  });

  it("numbers the headline, summary and body on from each other, weighted A, B and C", () => {
    assert.equal(
      searchDocument({ headline: "Iran talks", summary: "Talks resume", body: "Iran and the talks" }),
      "'iran':1A,7C 'talk':2A,4B,10C 'resum':5B",
    );
  });

  it("keeps the positions of stop words so phrases match exactly", () => {
    const document = searchDocument({ headline: "Speaker of the House", summary: null, body: "x" });
    assert.equal(document, "'speaker':1A 'hous':4A 'x':6C");
    assert.equal(tsQueryTerm("speaker of the house"), "'speaker' <3> 'hous'");
  });

  it("keeps numbers whole and skips words too long to be language", () => {
    assert.deepEqual(searchLexemes(`G7 2025 ${"a".repeat(61)} covid-19`), ["g7", "2025", "covid", "19"]);
  });

  it("has nothing to search for in stop words alone", () => {
    assert.equal(tsQueryTerm("the of"), null);
  });
});
