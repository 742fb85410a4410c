import { RejectedInput } from "./input";
import { parseByline, zonedTime, type ParsedArticle } from "./page-parser";

/** Options shared by the record parsers. */
export interface RecordParseOptions {
  /** Time zone of dates that carry no UTC offset (IANA name, e.g. "Asia/Tehran"); default "UTC". */
  timeZone?: string;
  /** Which file or feed the records came from, for the rejection messages. */
  source?: string;
}

/**
 * Width of `article.url` (src/article/article.entity.ts): a longer value would fail in the database,
 * so it is refused here with a reason the newsroom can act on.
 */
export const MAX_URL_LENGTH = 2048;
/** Width of `article.desk` (src/article/article.entity.ts), for the same reason. */
export const MAX_DESK_LENGTH = 200;

/** Space characters other than the plain space (no-break, narrow, thin…); same set as page-parser.ts. */
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/** Zero-width characters that only split words for the linker. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/** 2025-06-23, 2025-06-23T11:15, 2025-06-23 11:15:30.123+03:30, 2025-06-23T08:15Z, +0330 offsets too. */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;

/**
 * The language[-Script][-REGION] subset of BCP 47 (RFC 5646): "en", "pt-BR", "zh-Hant-TW", "es-419".
 * Variants, extensions and private use are left out: a newsroom never needs them, and the
 * article column holds 16 characters.
 */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?$/i;

/** One line of text: odd spaces made plain, runs of whitespace collapsed, trimmed. */
export function cleanLine(text: string): string {
  return text.replace(ZERO_WIDTH, "").replace(ODD_SPACES, " ").replace(/\s+/g, " ").trim();
}

/**
 * Throws the platform's RangeError for an unknown IANA time zone, before any input is read: a wrong
 * zone is a configuration error, not a reason to refuse one record.
 */
export function checkTimeZone(timeZone: string): void {
  if (KNOWN_ZONES.has(timeZone)) return;
  new Intl.DateTimeFormat("en-US", { timeZone });
  KNOWN_ZONES.add(timeZone);
}

/** Zones already checked: building an Intl formatter per record would dominate ingestion time. */
const KNOWN_ZONES = new Set<string>(["UTC"]);

/**
 * Reads a publication date. ISO 8601 with an offset ("Z", "+03:30") is an instant taken as is;
 * without one it is wall-clock time in `timeZone` (a date alone is its midnight). Newsroom styles
 * "23 June 2025 11:15", "June 23, 2025" and "Monday, June 23, 2025 11:15 am" are read like page
 * bylines. Anything else — including impossible dates such as 31 June — gives null, never a guess.
 */
export function parsePublicationDate(value: string, timeZone = "UTC"): Date | null {
  const text = cleanLine(value);
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [year, month, day, hour, minute, second] = iso.slice(1, 7).map((part) => Number(part ?? 0));
    const millis = iso[7] ? Math.floor(Number(`0.${iso[7]}`) * 1000) : 0;
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
    if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
    const zone = iso[8];
    if (!zone) return new Date(zonedTime(year, month - 1, day, hour, minute, timeZone).getTime() + second * 1000 + millis);
    let offsetMinutes = 0;
    if (zone.toUpperCase() !== "Z") {
      const digits = zone.slice(1).replace(":", "");
      const hours = Number(digits.slice(0, 2));
      const minutes = Number(digits.slice(2) || 0);
      if (hours > 14 || minutes > 59) return null;
      offsetMinutes = (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
    }
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60000);
  }
  // parseByline also takes a credit before the date ("EPN Desk 23 June 2025"); a date field holds a date only.
  const byline = parseByline(text.replace(WEEKDAY, ""), timeZone);
  return byline && byline.desk === null ? byline.publishedAt : null;
}

/**
 * The canonical form of a plausible BCP 47 language tag ("EN-gb" → "en-GB"), or null. Case and
 * deprecated codes are fixed by Intl.getCanonicalLocales ("iw" → "he"), not by code here.
 */
export function languageTag(value: string): string | null {
  const tag = value.trim();
  if (!LANGUAGE_TAG.test(tag)) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * An absolute http(s) URL, resolved against `base` when relative, or null when it is not one or is
 * too long for the article column.
 */
export function httpUrl(value: string, base?: string | null): string | null {
  let url: URL;
  try {
    url = new URL(value.trim(), base ?? undefined);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href.length <= MAX_URL_LENGTH ? url.href : null;
}

/**
 * Plain-text body of a record: line endings made "\n", odd spaces plain, trailing spaces dropped and
 * runs of blank lines collapsed to one, so paragraphs are separated by exactly one blank line.
 */
function cleanBody(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(ZERO_WIDTH, "")
    .replace(ODD_SPACES, " ")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Parses one JSON record `{ url?, headline, summary?, body, desk?, publishedAt, language? }` into a
 * ParsedArticle. Strings are trimmed; the body is plain text (HTML in it is kept as text). The first
 * problem found is thrown as RejectedInput naming the field: a missing or empty headline, body or
 * publishedAt, a field of the wrong type, an unparsable date, a url that is not http(s), or a
 * language that is not a BCP 47 tag. Fields not listed are ignored.
 */
export function parseJsonRecord(record: unknown, options: RecordParseOptions = {}): ParsedArticle {
  const timeZone = options.timeZone ?? "UTC";
  checkTimeZone(timeZone);
  const reject = (reason: string): never => {
    throw new RejectedInput(reason, options.source);
  };
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return reject(`not a JSON object (got ${describeType(record)})`);
  }
  const fields = record as Record<string, unknown>;
  /** The trimmed string value of a field; null when absent, null or blank and not required. */
  function text(name: string, required: true): string;
  function text(name: string, required: false): string | null;
  function text(name: string, required: boolean): string | null {
    const value = fields[name];
    if (value === undefined || value === null) return required ? reject(`missing "${name}"`) : null;
    if (typeof value !== "string") return reject(`"${name}" must be a string, got ${describeType(value)}`);
    if (value.trim() === "") return required ? reject(`"${name}" is empty`) : null;
    return value;
  }

  const headline = cleanLine(text("headline", true));
  if (headline === "") reject(`"headline" is empty`);
  const body = cleanBody(text("body", true));
  if (body === "") reject(`"body" is empty`);
  const dateText = text("publishedAt", true).trim();
  const publishedAt = parsePublicationDate(dateText, timeZone) ?? reject(`unparsable publication date "${dateText}" in "publishedAt" (use ISO 8601, e.g. "2025-06-23T11:15:00+03:30")`);

  const urlText = text("url", false)?.trim() ?? null;
  const url = urlText === null ? null : (httpUrl(urlText) ?? reject(`"url" is not an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters: "${urlText.slice(0, 100)}"`));

  const languageText = text("language", false)?.trim() ?? null;
  const language = languageText === null ? "en" : (languageTag(languageText) ?? reject(`"language" is not a BCP 47 language tag such as "en" or "pt-BR": "${languageText.slice(0, 40)}"`));

  const summaryText = text("summary", false);
  const summary = summaryText === null ? null : cleanLine(summaryText) || null;
  const deskText = text("desk", false);
  const desk = deskText === null ? null : cleanLine(deskText) || null;
  if (desk !== null && desk.length > MAX_DESK_LENGTH) reject(`"desk" is longer than ${MAX_DESK_LENGTH} characters`);

  return { headline, summary, desk, publishedAt, body, url, language };
}

/**
 * Parses a batch of JSON records: NDJSON (one record per line; blank lines skipped), or one JSON
 * document that is an array of records (first line starts with "[") or a single pretty-printed record. Returns one result per record, in order:
 * the ParsedArticle, or the RejectedInput saying why that record was refused, so one bad record never
 * stops the others. NDJSON reasons start "line N: " and their source is `${source}:N`; array elements
 * use "record N: " and `${source}#N` (N counts from 1).
 */
export function parseNdjson(text: string, options: RecordParseOptions = {}): (ParsedArticle | RejectedInput)[] {
  checkTimeZone(options.timeZone ?? "UTC");
  const content = text.replace(/^\ufeff/, "");
  const parseOne = (value: unknown, label: string, source: string | undefined): ParsedArticle | RejectedInput => {
    try {
      return parseJsonRecord(value, { timeZone: options.timeZone, source });
    } catch (error) {
      if (error instanceof RejectedInput) return new RejectedInput(`${label}: ${error.reason}`, source);
      throw error;
    }
  };

  const lines = content.split(/\r\n?|\n/);
  const firstLine = lines.find((line) => line.trim() !== "") ?? "";
  if (firstLine.trimStart().startsWith("[")) {
    let records: unknown[];
    try {
      records = JSON.parse(content) as unknown[]; // a parsed "[…" is an array
    } catch {
      return [new RejectedInput("not valid JSON (a document starting with \"[\" must be one JSON array)", options.source)];
    }
    return records.map((value, i) => parseOne(value, `record ${i + 1}`, options.source ? `${options.source}#${i + 1}` : undefined));
  }
  if (!isJson(firstLine)) {
    // A pretty-printed single record spans many lines; read it whole when it parses whole.
    let record: unknown;
    try {
      record = JSON.parse(content);
    } catch {
      record = undefined;
    }
    if (record !== undefined) return [parseOne(record, "record 1", options.source)];
  }

  const results: (ParsedArticle | RejectedInput)[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const label = `line ${i + 1}`;
    const source = options.source ? `${options.source}:${i + 1}` : undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      results.push(new RejectedInput(`${label}: not valid JSON`, source));
      return;
    }
    results.push(parseOne(value, label, source));
  });
  return results;
}
