import { RejectedInput } from "./input";

/** What a scraped news page yields: the parts newsgraph stores. */
export interface ParsedArticle {
  headline: string;
  summary: string | null;
  desk: string | null;
  publishedAt: Date;
  body: string;
  url: string | null;
  language: string;
}

/** A page that cannot be read as an article; the message says why. */
export class PageParseError extends RejectedInput {}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** Lines that are site furniture, never article text. */
const CHROME = [/^\|+$/, /^connecting communities, one page at a time\.?$/i, /^[-=_*|•·\s]+$/];

/**
 * Where the article ends: a short related-links trailer such as "Also Read" (a heading, not a
 * sentence: "Related sanctions were imposed." is body text).
 */
const TRAILER = /^(also read|read more|related( stories| articles| news)?|more from|you may also like)\b[^.!?]{0,60}$/i;

/** Space characters other than the plain space that scraped text carries (no-break, narrow, thin…). */
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;

/** "EPN Desk 23 June 2025 11:15" or "By Jane Doe June 23, 2025 11:15 am". */
const BYLINE =
  /^(?<desk>.*?)\s*(?:(?<day>\d{1,2})\s+(?<month>[A-Za-z]+)\.?,?\s+(?<year>\d{4})|(?<month2>[A-Za-z]+)\.?\s+(?<day2>\d{1,2}),?\s+(?<year2>\d{4}))(?:,?\s+(?:at\s+)?(?<hour>\d{1,2}):(?<minute>\d{2})\s*(?<ampm>[ap]\.?m\.?)?)?\s*$/i;

/** One formatter per time zone: building them is costly, and bylines are read by the thousand. */
const FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * Offset of `timeZone` from UTC at the given wall-clock instant, in minutes; uses Intl so that DST
 * rules come from the platform's time-zone database, not from code.
 */
function zoneOffsetMinutes(utcGuess: number, timeZone: string): number {
  if (timeZone === "UTC") return 0;
  let format = FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    FORMATS.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(utcGuess));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - utcGuess) / 60000);
}

/** The instant of a wall-clock time in `timeZone`. */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month, day, hour, minute);
  const offset = zoneOffsetMinutes(wall - zoneOffsetMinutes(wall, timeZone) * 60000, timeZone);
  return new Date(wall - offset * 60000);
}

interface Byline {
  desk: string | null;
  publishedAt: Date;
}

/** Reads a byline line ("EPN Desk 23 June 2025 11:15"); null when the line is not one. */
export function parseByline(line: string, timeZone: string): Byline | null {
  const m = BYLINE.exec(line.trim());
  if (!m?.groups) return null;
  const g = m.groups;
  const month = MONTHS.findIndex((name) => name.startsWith((g.month ?? g.month2 ?? "").toLowerCase()) && (g.month ?? g.month2 ?? "").length >= 3);
  const day = Number(g.day ?? g.day2);
  const year = Number(g.year ?? g.year2);
  if (month < 0 || day < 1 || day > 31) return null;
  let hour = g.hour ? Number(g.hour) : 0;
  const minute = g.minute ? Number(g.minute) : 0;
  if (g.ampm) {
    const pm = g.ampm.toLowerCase().startsWith("p");
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  if (hour > 23 || minute > 59) return null;
  // "31 June" does not exist; Date.UTC would quietly roll it over to 1 July.
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return null;
  const desk = g.desk.replace(/^by\s+/i, "").replace(/[\s|,–—-]+$/, "").trim();
  return { desk: desk || null, publishedAt: zonedTime(year, month, day, hour, minute, timeZone) };
}

/**
 * Index of the byline among the blocks after the headline, or -1. A standfirst may end with a date
 * too ("Talks resume on June 23, 2025"), so candidates are ranked: followed by the repeated headline,
 * carrying a time, and a short credit ("EPN Desk", "By Jane Doe") each count; ties go to the later one.
 */
function findByline(blocks: string[], timeZone: string): number {
  let best = -1;
  let bestScore = -1;
  for (let i = 1; i <= Math.min(3, blocks.length - 1); i++) {
    const m = BYLINE.exec(blocks[i]);
    if (!m?.groups || !parseByline(blocks[i], timeZone)) continue;
    const desk = m.groups.desk.trim();
    const score =
      (blocks[i + 1] === blocks[0] ? 4 : 0) + (m.groups.hour ? 2 : 0) + (desk.split(/\s+/).length <= 4 && !/[.!?]$/.test(desk) ? 1 : 0);
    if (score >= bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Parses a scraped page's text: site chrome, headline, optional standfirst, a byline with desk and
 * date, the headline repeated, body paragraphs, and a trailer ("Also Read") that is dropped.
 * Bylines are read in the publisher's `timeZone`.
 */
export function parseScrapedPage(text: string, timeZone = "UTC"): ParsedArticle {
  const blocks = text
    .replace(/\r\n?/g, "\n")
    .replace(ODD_SPACES, " ")
    .split(/\n\s*\n/)
    .map((b) => b.replace(/\s*\n\s*/g, " ").trim())
    .filter((b) => b && !CHROME.some((re) => re.test(b)));
  const bylineAt = findByline(blocks, timeZone);
  if (bylineAt < 0) throw new PageParseError("no byline with a date (e.g. \"EPN Desk 23 June 2025 11:15\") near the top");
  const byline = parseByline(blocks[bylineAt], timeZone) as Byline;
  const headline = blocks[0];
  const summary = bylineAt > 1 ? blocks.slice(1, bylineAt).join(" ") : null;
  let rest = blocks.slice(bylineAt + 1);
  if (rest[0] === headline) rest = rest.slice(1);
  const end = rest.findIndex((b) => TRAILER.test(b));
  const paragraphs = (end >= 0 ? rest.slice(0, end) : rest).map((p) => p.replace(/\s+([.,;:!?])/g, "$1"));
  if (!headline || paragraphs.length === 0) throw new PageParseError("no headline or no body text");
  return {
    headline,
    summary,
    desk: byline.desk,
    publishedAt: byline.publishedAt,
    body: paragraphs.join("\n\n"),
    url: null,
    language: "en",
  };
}
