import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RejectedInput } from "../../src/ingest/input";
import type { ParsedArticle } from "../../src/ingest/page-parser";
import { languageTag, parseJsonRecord, parseNdjson, parsePublicationDate } from "../../src/ingest/record-parser";

const RECORD = {
  url: " https://news.example.com/world/2025/06/23/geneva-talks ",
  headline: "  Iran and Europe resume\u00a0nuclear talks in Geneva ",
  summary: " Negotiators met for the first time since the spring. ",
  body: "Negotiators met in Geneva on Monday.\r\nThe session lasted six hours.\r\n\r\n\r\n\r\nNo agreement was reached.  \n\n\nBoth sides will meet again next week.\n",
  desk: " EPN Desk ",
  publishedAt: "2025-06-23T11:15:00+03:30",
  language: "EN-gb",
};

function rejection(fn: () => unknown): RejectedInput {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof RejectedInput, `expected RejectedInput, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the record to be rejected");
}

function reasonFor(changes: Record<string, unknown>): string {
  return rejection(() => parseJsonRecord({ ...RECORD, ...changes })).reason;
}

describe("parseJsonRecord on a good record", () => {
  const article = parseJsonRecord(RECORD);

  it("trims every string and makes odd spaces plain", () => {
    assert.equal(article.headline, "Iran and Europe resume nuclear talks in Geneva");
    assert.equal(article.summary, "Negotiators met for the first time since the spring.");
    assert.equal(article.desk, "EPN Desk");
    assert.equal(article.url, "https://news.example.com/world/2025/06/23/geneva-talks");
  });

  it("normalises line endings and collapses runs of blank lines to one", () => {
    assert.equal(
      article.body,
      "Negotiators met in Geneva on Monday.\nThe session lasted six hours.\n\nNo agreement was reached.\n\nBoth sides will meet again next week.",
    );
  });

  it("keeps HTML in the body as text", () => {
    assert.equal(parseJsonRecord({ ...RECORD, body: "Use <b>bold</b> sparingly." }).body, "Use <b>bold</b> sparingly.");
  });

  it("keeps the offset of publishedAt", () => {
    assert.equal(article.publishedAt.toISOString(), "2025-06-23T07:45:00.000Z");
  });

  it("canonicalises the language tag", () => {
    assert.equal(article.language, "en-GB");
  });

  it("defaults the optional fields: no url, summary or desk, language en", () => {
    const minimal = parseJsonRecord({ headline: "Talks resume", body: "Negotiators met.", publishedAt: "2025-06-23T08:00:00Z" });
    assert.deepEqual(minimal, {
      headline: "Talks resume",
      summary: null,
      desk: null,
      publishedAt: new Date("2025-06-23T08:00:00Z"),
      body: "Negotiators met.",
      url: null,
      language: "en",
    });
  });

  it("treats null and blank optional fields as absent", () => {
    const article = parseJsonRecord({ ...RECORD, summary: null, desk: "   ", url: null, language: null });
    assert.equal(article.summary, null);
    assert.equal(article.desk, null);
    assert.equal(article.url, null);
    assert.equal(article.language, "en");
  });
});

describe("parseJsonRecord rejections", () => {
  it("rejects a value that is not an object, saying what it got", () => {
    assert.equal(rejection(() => parseJsonRecord([RECORD])).reason, "not a JSON object (got an array)");
    assert.equal(rejection(() => parseJsonRecord("headline")).reason, "not a JSON object (got a string)");
    assert.equal(rejection(() => parseJsonRecord(null)).reason, "not a JSON object (got null)");
  });

  it("rejects a missing or empty headline", () => {
    assert.equal(reasonFor({ headline: undefined }), 'missing "headline"');
    assert.equal(reasonFor({ headline: " \n " }), '"headline" is empty');
  });

  it("rejects a missing or empty body", () => {
    assert.equal(reasonFor({ body: undefined }), 'missing "body"');
    assert.equal(reasonFor({ body: "\n\n\t" }), '"body" is empty');
  });

  it("rejects a field of the wrong type, naming the field and the type", () => {
    assert.equal(reasonFor({ headline: 42 }), '"headline" must be a string, got a number');
    assert.equal(reasonFor({ body: ["Negotiators met."] }), '"body" must be a string, got an array');
    assert.equal(reasonFor({ summary: { text: "x" } }), '"summary" must be a string, got an object');
    assert.equal(reasonFor({ publishedAt: 1750666500000 }), '"publishedAt" must be a string, got a number');
  });

  it("rejects a missing or unparsable publication date, quoting it", () => {
    assert.equal(reasonFor({ publishedAt: undefined }), 'missing "publishedAt"');
    assert.equal(reasonFor({ publishedAt: "next Tuesday" }), 'unparsable publication date "next Tuesday" in "publishedAt" (use ISO 8601, e.g. "2025-06-23T11:15:00+03:30")');
    assert.equal(reasonFor({ publishedAt: "2025-06-31" }), 'unparsable publication date "2025-06-31" in "publishedAt" (use ISO 8601, e.g. "2025-06-23T11:15:00+03:30")');
  });

  it("rejects a url that is not an absolute http(s) URL", () => {
    assert.equal(reasonFor({ url: "ftp://news.example.com/a" }), '"url" is not an absolute http(s) URL of at most 2048 characters: "ftp://news.example.com/a"');
    assert.equal(reasonFor({ url: "/world/geneva-talks" }), '"url" is not an absolute http(s) URL of at most 2048 characters: "/world/geneva-talks"');
  });

  it("rejects a language that is not a BCP 47 tag", () => {
    assert.equal(reasonFor({ language: "English" }), '"language" is not a BCP 47 language tag such as "en" or "pt-BR": "English"');
    assert.equal(reasonFor({ language: "en_US" }), '"language" is not a BCP 47 language tag such as "en" or "pt-BR": "en_US"');
  });

  it("rejects a desk too long for the article column", () => {
    assert.equal(reasonFor({ desk: "x".repeat(201) }), '"desk" is longer than 200 characters');
  });

  it("names the source in the rejection", () => {
    const error = rejection(() => parseJsonRecord({ ...RECORD, headline: "" }, { source: "feeds/epn.json" }));
    assert.equal(error.source, "feeds/epn.json");
    assert.equal(error.message, 'feeds/epn.json: "headline" is empty');
  });
});

describe("publication dates and time zones", () => {
  const iso = (value: string, timeZone?: string) => parsePublicationDate(value, timeZone)?.toISOString() ?? null;

  it("takes an ISO 8601 date with an offset as is, in any time zone", () => {
    assert.equal(iso("2025-06-23T11:15:00+03:30", "America/New_York"), "2025-06-23T07:45:00.000Z");
    assert.equal(iso("2025-06-23T11:15:00.250Z"), "2025-06-23T11:15:00.250Z");
    assert.equal(iso("2025-06-23T11:15:00-0500"), "2025-06-23T16:15:00.000Z");
  });

  it("reads an ISO 8601 date without offset as wall-clock time in the zone, following daylight saving", () => {
    assert.equal(iso("2025-06-23T11:15"), "2025-06-23T11:15:00.000Z");
    assert.equal(iso("2025-06-23T11:15:30", "Asia/Tehran"), "2025-06-23T07:45:30.000Z");
    assert.equal(iso("2025-01-15 09:00", "America/New_York"), "2025-01-15T14:00:00.000Z");
    assert.equal(iso("2025-07-15 09:00", "America/New_York"), "2025-07-15T13:00:00.000Z");
    assert.equal(iso("2025-06-23", "Europe/London"), "2025-06-22T23:00:00.000Z");
  });

  it("reads newsroom styles such as '23 June 2025 11:15' and 'June 23, 2025'", () => {
    assert.equal(iso("23 June 2025 11:15", "Europe/London"), "2025-06-23T10:15:00.000Z");
    assert.equal(iso("June 23, 2025"), "2025-06-23T00:00:00.000Z");
    assert.equal(iso("Monday, June 23, 2025 11:15 am", "Asia/Tehran"), "2025-06-23T07:45:00.000Z");
  });

  it("refuses what is not a date alone: a credit before it, impossible days, out-of-range times", () => {
    assert.equal(iso("EPN Desk 23 June 2025 11:15"), null);
    assert.equal(iso("2025-02-29T10:00:00Z"), null);
    assert.equal(iso("2025-06-23T24:30:00Z"), null);
    assert.equal(iso("23/06/2025"), null);
  });

  it("applies the record parser's time zone option", () => {
    const article = parseJsonRecord({ ...RECORD, publishedAt: "23 June 2025 11:15" }, { timeZone: "Asia/Tehran" });
    assert.equal(article.publishedAt.toISOString(), "2025-06-23T07:45:00.000Z");
  });

  it("throws a RangeError, not a rejection, for an unknown time zone: the configuration is wrong, not the record", () => {
    assert.throws(() => parseJsonRecord(RECORD, { timeZone: "Mars/Olympus" }), RangeError);
  });
});

describe("languageTag", () => {
  it("accepts language, script and region subtags and canonicalises them", () => {
    assert.equal(languageTag("pt-br"), "pt-BR");
    assert.equal(languageTag("zh-hant-tw"), "zh-Hant-TW");
    assert.equal(languageTag("es-419"), "es-419");
    assert.equal(languageTag("iw"), "he");
  });

  it("refuses names, underscores and long subtags", () => {
    assert.equal(languageTag("english"), null);
    assert.equal(languageTag("en_US"), null);
    assert.equal(languageTag("de-DE-1996"), null);
  });
});

describe("parseNdjson", () => {
  const good = JSON.stringify({ headline: "Talks resume", body: "Negotiators met.", publishedAt: "2025-06-23T11:15:00+03:30" });

  it("returns one result per non-blank line, in order, with line numbers on the rejections", () => {
    const text = [good, "", '{"headline": "Broken", ', JSON.stringify({ headline: "No body", publishedAt: "2025-06-23" })].join("\n");
    const results = parseNdjson(text, { source: "feeds/epn.ndjson" });
    assert.equal(results.length, 3);
    assert.ok(!(results[0] instanceof RejectedInput));
    assert.equal((results[0] as ParsedArticle).headline, "Talks resume");
    assert.equal((results[0] as ParsedArticle).publishedAt.toISOString(), "2025-06-23T07:45:00.000Z");

    const [badJson, badRecord] = results.slice(1) as RejectedInput[];
    assert.ok(badJson instanceof RejectedInput);
    assert.equal(badJson.reason, "line 3: not valid JSON");
    assert.equal(badJson.source, "feeds/epn.ndjson:3");
    assert.ok(badRecord instanceof RejectedInput);
    assert.equal(badRecord.reason, 'line 4: missing "body"');
    assert.equal(badRecord.source, "feeds/epn.ndjson:4");
  });

  it("counts CRLF lines and skips a byte order mark", () => {
    const results = parseNdjson(`\ufeff${good}\r\n\r\n[]\r\n`);
    assert.equal(results.length, 2);
    assert.equal((results[1] as RejectedInput).reason, "line 3: not a JSON object (got an array)");
    assert.equal((results[1] as RejectedInput).source, undefined);
  });

  it("reads each line's dates in the given time zone", () => {
    const [article] = parseNdjson(JSON.stringify({ headline: "Talks resume", body: "Negotiators met.", publishedAt: "2025-06-23 11:15" }), { timeZone: "Asia/Tehran" });
    assert.equal((article as ParsedArticle).publishedAt.toISOString(), "2025-06-23T07:45:00.000Z");
  });

  it("accepts a JSON array document, one result per element", () => {
    const text = `[\n  ${good},\n  {"headline": 7, "body": "x", "publishedAt": "2025-06-23"}\n]\n`;
    const results = parseNdjson(text, { source: "feeds/epn.json" });
    assert.equal(results.length, 2);
    assert.equal((results[0] as ParsedArticle).headline, "Talks resume");
    assert.equal((results[1] as RejectedInput).reason, 'record 2: "headline" must be a string, got a number');
    assert.equal((results[1] as RejectedInput).source, "feeds/epn.json#2");
  });

  it("rejects a broken JSON array document as a whole", () => {
    const results = parseNdjson(`[${good},\n`, { source: "feeds/epn.json" });
    assert.equal(results.length, 1);
    assert.equal((results[0] as RejectedInput).reason, 'not valid JSON (a document starting with "[" must be one JSON array)');
  });

  it("accepts a single pretty-printed record", () => {
    const results = parseNdjson(JSON.stringify(JSON.parse(good), null, 2));
    assert.equal(results.length, 1);
    assert.equal((results[0] as ParsedArticle).body, "Negotiators met.");
  });

  it("returns nothing for blank input", () => {
    assert.deepEqual(parseNdjson("\n  \n"), []);
  });
});
