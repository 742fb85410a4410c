import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { PROJECT_ROOT } from "../../src/config";
import { PageParseError, parseByline, parseScrapedPage, zonedTime } from "../../src/ingest/page-parser";

const SAMPLE = fs.readFileSync(path.join(PROJECT_ROOT, "src", "seed", "pages", "000_964c11292ebcd67f.txt"), "utf8");
const SAMPLE_HEADLINE = "Iran seeks stronger Russian support as foreign minister visits Moscow";

/** A small scraped page: headline, optional standfirst, byline, repeated headline, body, trailer. */
function page(parts: { headline?: string; standfirst?: string; byline?: string; body?: string[] } = {}): string {
  const headline = parts.headline ?? "Talks resume in Geneva";
  return [
    "||",
    "Connecting Communities, One Page at a Time.",
    headline,
    ...(parts.standfirst ? [parts.standfirst] : []),
    parts.byline ?? "EPN Desk 23 June 2025 11:15",
    headline,
    ...(parts.body ?? ["Negotiators met on Monday.", "No agreement was reached."]),
    "Also Read",
    "Some other story",
  ].join("\n\n");
}

describe("parseScrapedPage on the sample page", () => {
  const article = parseScrapedPage(SAMPLE);

  it("reads the headline exactly", () => {
    assert.equal(article.headline, SAMPLE_HEADLINE);
  });

  it("reads the standfirst as the summary", () => {
    assert.ok(article.summary?.startsWith("In his letter, Khamenei requested"), String(article.summary));
  });

  it("reads the desk from the byline", () => {
    assert.equal(article.desk, "EPN Desk");
  });

  it("reads the byline time as UTC by default", () => {
    assert.equal(article.publishedAt.toISOString(), "2025-06-23T11:15:00.000Z");
  });

  it("reads the byline time in the publisher's time zone (Tehran is UTC+3:30)", () => {
    assert.equal(parseScrapedPage(SAMPLE, "UTC").publishedAt.toISOString(), "2025-06-23T11:15:00.000Z");
    assert.equal(parseScrapedPage(SAMPLE, "Asia/Tehran").publishedAt.toISOString(), "2025-06-23T07:45:00.000Z");
  });

  it("starts the body with the first paragraph and ends it before the trailer", () => {
    assert.ok(article.body.startsWith("Iran’s Supreme Leader"), article.body.slice(0, 60));
    assert.ok(article.body.endsWith("support for Iran uncertain."), article.body.slice(-60));
  });

  it("turns the page's narrow no-break spaces into plain spaces, so full names match", () => {
    assert.ok(article.body.includes("Foreign Minister Abbas Araghchi during"));
    assert.doesNotMatch(article.body, /[\u00a0\u202f]/);
  });

  it("drops the site tagline, the separator bars and the Also Read trailer", () => {
    assert.ok(!article.body.includes("Connecting Communities"));
    assert.ok(!article.body.includes("Also Read"));
    assert.ok(!article.body.includes("||"));
    assert.ok(!article.headline.includes("Connecting Communities"));
  });

  it("does not repeat the headline at the start of the body", () => {
    assert.ok(!article.body.startsWith(SAMPLE_HEADLINE));
    assert.ok(!article.body.includes(SAMPLE_HEADLINE));
  });

  it("keeps paragraphs separated by a blank line and removes the space before punctuation", () => {
    const paragraphs = article.body.split("\n\n");
    assert.equal(paragraphs.length, 11);
    assert.equal(paragraphs[0].slice(0, 21), "Iran’s Supreme Leader");
    assert.ok(article.body.includes("restraint on both sides."));
    assert.ok(!article.body.includes("both sides ."));
  });

  it("has no url and is in English", () => {
    assert.equal(article.url, null);
    assert.equal(article.language, "en");
  });
});

describe("parseScrapedPage on variants", () => {
  it("gives a null summary when the page has no standfirst", () => {
    const article = parseScrapedPage(page());
    assert.equal(article.summary, null);
    assert.equal(article.headline, "Talks resume in Geneva");
    assert.equal(article.desk, "EPN Desk");
    assert.equal(article.body, "Negotiators met on Monday.\n\nNo agreement was reached.");
  });

  it("joins a standfirst into the summary and keeps it out of the body", () => {
    const article = parseScrapedPage(page({ standfirst: "Diplomats hope for a breakthrough." }));
    assert.equal(article.summary, "Diplomats hope for a breakthrough.");
    assert.ok(article.body.startsWith("Negotiators met on Monday."));
  });

  it("reads a \"June 23, 2025\" style date with a 12-hour time", () => {
    const article = parseScrapedPage(page({ byline: "By Jane Doe June 23, 2025 3:05 pm" }));
    assert.equal(article.desk, "Jane Doe");
    assert.equal(article.publishedAt.toISOString(), "2025-06-23T15:05:00.000Z");
  });

  it("reads a byline in British summer time as UTC+1", () => {
    const article = parseScrapedPage(page({ byline: "EPN Desk 15 July 2025 09:30" }), "Europe/London");
    assert.equal(article.publishedAt.toISOString(), "2025-07-15T08:30:00.000Z");
  });

  it("reads a byline in British winter time as UTC+0", () => {
    const article = parseScrapedPage(page({ byline: "EPN Desk 15 January 2025 09:30" }), "Europe/London");
    assert.equal(article.publishedAt.toISOString(), "2025-01-15T09:30:00.000Z");
  });

  it("throws a PageParseError when the page has no byline", () => {
    const text = ["A headline", "A first paragraph.", "A second paragraph."].join("\n\n");
    assert.throws(() => parseScrapedPage(text), (err: unknown) => err instanceof PageParseError && /byline/.test(err.message));
  });

  it("throws a PageParseError when the byline is followed by no body text", () => {
    const text = ["A headline", "EPN Desk 23 June 2025 11:15", "A headline", "Also Read", "Another story"].join("\n\n");
    assert.throws(() => parseScrapedPage(text), PageParseError);
  });

  it("accepts Windows line endings", () => {
    const article = parseScrapedPage(page().replace(/\n/g, "\r\n"));
    assert.equal(article.headline, "Talks resume in Geneva");
    assert.equal(article.body, "Negotiators met on Monday.\n\nNo agreement was reached.");
  });

  it("joins the lines of a wrapped paragraph with single spaces", () => {
    const article = parseScrapedPage(page({ body: ["Negotiators met\n  on Monday.", "Nothing else."] }));
    assert.equal(article.body, "Negotiators met on Monday.\n\nNothing else.");
  });

  it("keeps a body paragraph that merely begins with the word \"Related\"", () => {
    const article = parseScrapedPage(page({ body: ["First para.", "Related sanctions were imposed by the EU.", "Final para."] }));
    assert.equal(article.body, "First para.\n\nRelated sanctions were imposed by the EU.\n\nFinal para.");
  });

  it("does not take a standfirst that ends with a date for the byline", () => {
    const article = parseScrapedPage(page({ standfirst: "Talks resume in Geneva on June 23, 2025" }));
    assert.equal(article.desk, "EPN Desk");
    assert.equal(article.publishedAt.toISOString(), "2025-06-23T11:15:00.000Z");
    assert.equal(article.body, "Negotiators met on Monday.\n\nNo agreement was reached.");
  });
});

describe("parseByline", () => {
  it("reads \"EPN Desk 23 June 2025 11:15\"", () => {
    const byline = parseByline("EPN Desk 23 June 2025 11:15", "UTC");
    assert.deepEqual(byline, { desk: "EPN Desk", publishedAt: new Date("2025-06-23T11:15:00.000Z") });
  });

  it("drops a leading \"By\" from the desk and reads pm times", () => {
    const byline = parseByline("By Jane Doe June 23, 2025 3:05 pm", "UTC");
    assert.equal(byline?.desk, "Jane Doe");
    assert.equal(byline?.publishedAt.toISOString(), "2025-06-23T15:05:00.000Z");
  });

  it("reads 12:30 am as half past midnight and 12:05 p.m. as just after noon", () => {
    assert.equal(parseByline("Staff 23 June 2025 12:30 am", "UTC")?.publishedAt.toISOString(), "2025-06-23T00:30:00.000Z");
    assert.equal(parseByline("Staff 23 June 2025 12:05 p.m.", "UTC")?.publishedAt.toISOString(), "2025-06-23T12:05:00.000Z");
  });

  it("reads abbreviated month names", () => {
    assert.equal(parseByline("Staff 5 Sept 2025 08:00", "UTC")?.publishedAt.toISOString(), "2025-09-05T08:00:00.000Z");
    assert.equal(parseByline("Staff Jan. 2, 2025", "UTC")?.publishedAt.toISOString(), "2025-01-02T00:00:00.000Z");
  });

  it("takes midnight when the byline has a date but no time", () => {
    const byline = parseByline("EPN Desk 23 June 2025", "UTC");
    assert.equal(byline?.publishedAt.toISOString(), "2025-06-23T00:00:00.000Z");
  });

  it("gives a null desk when the byline is only a date", () => {
    assert.equal(parseByline("23 June 2025 11:15", "UTC")?.desk, null);
  });

  it("rejects lines that are not bylines", () => {
    assert.equal(parseByline("Negotiators met on Monday.", "UTC"), null);
    assert.equal(parseByline("EPN Desk 23 Juneteenth 2025", "UTC"), null);
    assert.equal(parseByline("EPN Desk 32 June 2025", "UTC"), null);
    assert.equal(parseByline("EPN Desk 23 June 2025 25:00", "UTC"), null);
    assert.equal(parseByline("EPN Desk 23 June 2025 11:75", "UTC"), null);
  });

  it("rejects a day the month does not have", () => {
    assert.equal(parseByline("Staff 31 June 2025", "UTC"), null);
  });
});

describe("zonedTime", () => {
  it("treats the month as zero-based, as Date.UTC does", () => {
    assert.equal(zonedTime(2025, 5, 23, 11, 15, "UTC").toISOString(), "2025-06-23T11:15:00.000Z");
  });

  it("subtracts Tehran's UTC+3:30 offset", () => {
    assert.equal(zonedTime(2025, 5, 23, 11, 15, "Asia/Tehran").toISOString(), "2025-06-23T07:45:00.000Z");
  });

  it("follows daylight saving time in London (UTC+1 in July, UTC+0 in January)", () => {
    assert.equal(zonedTime(2025, 6, 15, 12, 0, "Europe/London").toISOString(), "2025-07-15T11:00:00.000Z");
    assert.equal(zonedTime(2025, 0, 15, 12, 0, "Europe/London").toISOString(), "2025-01-15T12:00:00.000Z");
  });

  it("follows daylight saving time in New York (UTC-4 in July, UTC-5 in December)", () => {
    assert.equal(zonedTime(2025, 6, 4, 9, 0, "America/New_York").toISOString(), "2025-07-04T13:00:00.000Z");
    assert.equal(zonedTime(2025, 11, 25, 9, 0, "America/New_York").toISOString(), "2025-12-25T14:00:00.000Z");
  });

  it("gets the day right on the first morning after the clocks change", () => {
    // London moved to BST at 01:00 UTC on 30 March 2025.
    assert.equal(zonedTime(2025, 2, 30, 9, 0, "Europe/London").toISOString(), "2025-03-30T08:00:00.000Z");
    // ...and back to GMT at 01:00 UTC on 26 October 2025.
    assert.equal(zonedTime(2025, 9, 26, 9, 0, "Europe/London").toISOString(), "2025-10-26T09:00:00.000Z");
  });
});
