import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { searchDocument, searchDocumentBinary, searchLexemes, tsQueryTerm } from "../../src/search/search-document";

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

/** Reads PostgreSQL's binary tsvector format back into a text literal, lexemes in the order sent. */
function readBinaryDocument(bytes: Uint8Array): { literal: string; lexemes: Buffer[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = ["D", "C", "B", "A"];
  const lexemes: Buffer[] = [];
  const parts: string[] = [];
  let at = 4;
  for (let n = buffer.readInt32BE(0); n > 0; n--) {
    const end = buffer.indexOf(0, at);
    const lexeme = buffer.subarray(at, end);
    lexemes.push(lexeme);
    at = end + 1;
    const count = buffer.readUInt16BE(at);
    at += 2;
    const positions: string[] = [];
    for (let i = 0; i < count; i++, at += 2) {
      const word = buffer.readUInt16BE(at);
      positions.push(`${word & 0x3fff}${weights[word >> 14]}`);
    }
    parts.push(`'${lexeme.toString("utf8")}':${positions.join(",")}`);
  }
  assert.equal(at, buffer.length);
  return { literal: parts.join(" "), lexemes };
}

describe("binary search documents", () => {
  it("hold the same lexemes, positions and weights as the text literal, in PostgreSQL's lexeme order", () => {
    const text = { headline: "Erdoğan and Zelensky talk", summary: "Ankara talks resume", body: "Talks in Ankara: Ёлка, zebra, ab, abc, a2, Zürich talks" };
    const { literal, lexemes } = readBinaryDocument(searchDocumentBinary(text));
    const sorted = (l: string) => l.split(" ").sort().join(" ");
    assert.equal(sorted(literal), sorted(searchDocument(text)));
    // Bytewise, a prefix before the longer word: the order tsvector_recv keeps without sorting again.
    for (let i = 1; i < lexemes.length; i++) assert.ok(Buffer.compare(lexemes[i - 1], lexemes[i]) < 0, `${lexemes[i - 1]} before ${lexemes[i]}`);
  });

  it("is four zero bytes for a text with nothing to index", () => {
    assert.deepEqual([...searchDocumentBinary({ headline: "the", summary: null, body: "of" })], [0, 0, 0, 0]);
  });
});
