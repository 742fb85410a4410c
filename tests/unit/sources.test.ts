import assert from "node:assert/strict";
import readline from "node:readline";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import fc from "fast-check";
import { readNdjsonStream, streamLines } from "../../src/ingest/sources";

/** The lines readline gives for the same chunks, the way newsgraph read NDJSON before. */
async function readlineLines(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readline.createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

async function ourLines(chunks: Buffer[]): Promise<{ text: string; bytes: number }[]> {
  const lines: { text: string; bytes: number }[] = [];
  for await (const line of streamLines(Readable.from(chunks))) lines.push(line);
  return lines;
}

/** Cuts bytes into chunks at the given offsets (so a line, a CRLF or a UTF-8 sequence can straddle two). */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const offsets = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    if (offset > start) chunks.push(bytes.subarray(start, offset));
    start = Math.max(start, offset);
  }
  return chunks;
}

describe("reading NDJSON streams", () => {
  it("splits lines exactly as readline does, at LF, CRLF and lone CR, across any chunking", async () => {
    const piece = fc.constantFrom("a", "{}", "é", "€", "\u{1F600}", "\r", "\n", "\r\n", " ", "\xff");
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 6 }), async (pieces, at) => {
        // "\xff" stands for a malformed byte: both decode it as U+FFFD.
        const bytes = Buffer.concat(pieces.map((p) => (p === "\xff" ? Buffer.from([0xff]) : Buffer.from(p, "utf8"))));
        const chunks = cut(bytes, at);
        const ours = await ourLines(chunks);
        assert.deepEqual(ours.map((l) => l.text), await readlineLines(chunks));
        for (const line of ours) assert.ok(Buffer.byteLength(line.text) <= 3 * line.bytes || line.bytes === 0);
      }),
      { numRuns: 300 },
    );
  });

  it("numbers records by line, skipping blank lines, and rejects a line that is not JSON", async () => {
    const input = `{"headline":"A","body":"Text.","publishedAt":"2025-06-23"}\r\n\r\nnot json\n`;
    const results = [];
    for await (const r of readNdjsonStream(Readable.from([Buffer.from(input)]), "feed", { timeZone: "UTC" })) results.push(r);
    assert.equal(results.length, 2);
    assert.equal((results[0] as { source: string }).source, "feed:1");
    assert.match(String(results[1]), /feed:3: not valid JSON/);
  });
});
