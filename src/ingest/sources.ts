import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { parseHtmlPage } from "./html-parser";
import { decodeInput, MAX_INPUT_BYTES, RejectedInput } from "./input";
import { parseScrapedPage, type ParsedArticle } from "./page-parser";
import { parseJsonRecord, parseNdjson } from "./record-parser";
import type { IngestItem } from "./ingest.service";

/** One input read: an article to ingest, or why it cannot be. */
export type SourceResult = IngestItem | RejectedInput;

/** File kinds newsgraph reads, by extension. */
const READERS: Record<string, "page" | "html" | "json" | "ndjson"> = {
  ".txt": "page",
  ".html": "html",
  ".htm": "html",
  ".json": "json",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
};

/** Options for reading inputs. */
export interface SourceOptions {
  /** Publisher's time zone for dates without an offset. */
  timeZone: string;
}

/** Expands files and folders (recursively) into the files newsgraph can read, sorted. */
export function listInputFiles(paths: readonly string[]): { files: string[]; rejected: RejectedInput[] } {
  const files: string[] = [];
  const rejected: RejectedInput[] = [];
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      rejected.push(new RejectedInput("no such file or folder", p));
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        const child = path.join(p, name);
        if (fs.statSync(child).isDirectory() || READERS[path.extname(name).toLowerCase()]) visit(child);
      }
    } else if (READERS[path.extname(p).toLowerCase()]) {
      files.push(p);
    } else {
      rejected.push(new RejectedInput(`unknown file type (expected ${Object.keys(READERS).join(", ")})`, p));
    }
  };
  paths.forEach(visit);
  return { files, rejected };
}

function item(source: string, article: ParsedArticle): IngestItem {
  return { source, article };
}

/**
 * Parses one NDJSON line into an item or a rejection naming the line. `bytes` is the size of the line
 * as read: decoded, a malformed byte becomes U+FFFD (three bytes), so only a line of more than a
 * third of the limit needs its decoded size measured.
 */
function ndjsonLine(line: string, bytes: number, source: string, options: SourceOptions): SourceResult {
  if (bytes * 3 > MAX_INPUT_BYTES && Buffer.byteLength(line) > MAX_INPUT_BYTES) return new RejectedInput(`larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`, source);
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return new RejectedInput("not valid JSON", source);
  }
  try {
    return item(source, parseJsonRecord(record, { timeZone: options.timeZone, source }));
  } catch (error) {
    if (error instanceof RejectedInput) return error;
    throw error;
  }
}

/** Bytes read from a file at a time: a megabyte holds hundreds of articles (64 KB, the default, a few dozen). */
const READ_CHUNK_BYTES = 1024 * 1024;

/** Carriage return and line feed bytes. */
const CR = 13;
const LF = 10;

/** One line as read: its text (UTF-8, malformed bytes made U+FFFD) and its size in bytes. */
interface Line {
  text: string;
  bytes: number;
}

/** The lines of one LF-terminated stretch: without its final CR, and split at any other CR. */
function* crLines(bytes: Buffer): Generator<Line> {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  let start = 0;
  for (let i = bytes.indexOf(CR); i !== -1 && i < end; i = bytes.indexOf(CR, start)) {
    yield { text: bytes.toString("utf8", start, i), bytes: i - start };
    start = i + 1;
  }
  yield { text: bytes.toString("utf8", start, end), bytes: end - start };
}

/**
 * Splits a byte stream into lines as readline does with `crlfDelay: Infinity` (at LF, CRLF or a lone
 * CR; a last line without an end counts unless empty), and decodes each line by itself. Splitting the
 * bytes costs a third of what readline's decoding of whole chunks and splitting of the text did,
 * and gives each line's size without measuring it again. Memory stays bounded by the longest line.
 */
export async function* streamLines(stream: Readable): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  for await (const chunk of stream) {
    const buffer: Buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer);
    let start = 0;
    for (let i = buffer.indexOf(LF); i !== -1; i = buffer.indexOf(LF, start)) {
      let line = buffer.subarray(start, i);
      if (pending.length) {
        pending.push(line);
        line = Buffer.concat(pending);
        pending = [];
      }
      yield* crLines(line);
      start = i + 1;
    }
    if (start < buffer.length) pending.push(buffer.subarray(start));
  }
  const last = Buffer.concat(pending);
  if (last.length) yield* crLines(last);
}

/** Reads NDJSON line by line from a stream, so inputs of any size stream through in constant memory. */
export async function* readNdjsonStream(stream: Readable, name: string, options: SourceOptions): AsyncGenerator<SourceResult> {
  let n = 0;
  for await (const line of streamLines(stream)) {
    n += 1;
    if (line.text.trim()) yield ndjsonLine(line.text, line.bytes, `${name}:${n}`, options);
  }
}

/** Reads one file into items and rejections, by its extension. */
export async function* readFile(file: string, options: SourceOptions): AsyncGenerator<SourceResult> {
  const kind = READERS[path.extname(file).toLowerCase()];
  if (kind === "ndjson") {
    yield* readNdjsonStream(fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }), file, options);
    return;
  }
  try {
    const text = decodeInput(fs.readFileSync(file), file);
    if (kind === "page") yield item(file, parseScrapedPage(text, options.timeZone));
    else if (kind === "html") yield item(file, parseHtmlPage(text, { timeZone: options.timeZone, source: file }));
    else {
      for (const [i, result] of parseNdjson(text, { timeZone: options.timeZone, source: file }).entries()) {
        yield result instanceof RejectedInput ? result : item(`${file}#${i + 1}`, result);
      }
    }
  } catch (error) {
    if (error instanceof RejectedInput) yield error.source ? error : new RejectedInput(error.reason, file);
    else throw error;
  }
}

/**
 * Counts the articles the inputs hold, cheaply (lines of NDJSON files, one per other file), for
 * progress and ETA. JSON arrays count as one until read.
 */
export async function countInputs(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) {
    if (READERS[path.extname(file).toLowerCase()] !== "ndjson") {
      total += 1;
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      let lines = 0;
      let lastByte = 10;
      fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })
        .on("data", (chunk: Buffer | string) => {
          const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
          for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines += 1;
          if (buffer.length) lastByte = buffer[buffer.length - 1];
        })
        .on("end", () => {
          total += lines + (lastByte === 10 ? 0 : 1);
          resolve();
        })
        .on("error", reject);
    });
  }
  return total;
}
