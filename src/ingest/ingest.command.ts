import { SingleBar } from "cli-progress";
import type { DataSource } from "typeorm";
import type { IngestStatus } from "./ingest.service";
import { Ingestor, type IngestItem, type PreparedBatch } from "./ingest.service";
import { RejectedInput } from "./input";
import type { LinkOptions } from "./linker";
import { countInputs, listInputFiles, readFile, readNdjsonStream, type SourceResult } from "./sources";

/** Articles per write transaction: large enough to amortise commits, small enough to keep locks short. */
export const BATCH_SIZE = 500;

/** Where progress goes: a bar on a terminal, a line every few seconds otherwise. */
export interface Progress {
  start(total: number | null): void;
  advance(done: number): void;
  stop(): void;
}

/** Progress for `stream`: cli-progress on a TTY, plain lines (done/total, rate, ETA) elsewhere. */
export function progressFor(stream: NodeJS.WriteStream, label: string): Progress {
  const startedAt = Date.now();
  let total: number | null = null;
  let done = 0;
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted}`,
      etaBuffer: 50,
      hideCursor: true,
    });
    return {
      start: (t) => {
        total = t;
        bar.start(t ?? 0, 0, { rate: "0" });
      },
      advance: (n) => {
        done = n;
        if (total !== null && done > total) bar.setTotal(done);
        bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - startedAt) / 1000)).toString() });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = 0;
  let lastDone = -1;
  const line = () => {
    if (done === lastDone) return;
    lastDone = done;
    const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
    const rate = done / seconds;
    const eta = total !== null && rate > 0 ? ` ETA ${Math.max(0, Math.round((total - done) / rate))}s` : "";
    stream.write(`${label}: ${done}${total !== null ? `/${total}` : ""} (${Math.round(rate)}/s)${eta}\n`);
    lastLine = Date.now();
  };
  return {
    start: (t) => {
      total = t;
    },
    advance: (n) => {
      done = n;
      if (Date.now() - lastLine >= 2000) line();
    },
    stop: line,
  };
}

/** The summary an ingest or relink run prints. */
export interface IngestSummary {
  counts: Record<IngestStatus, number>;
  rejected: RejectedInput[];
  createdPeople: number;
  seconds: number;
}

/** Batches items from the sources and ingests them, reporting progress. */
async function ingestStream(ingestor: Ingestor, results: AsyncIterable<SourceResult>, progress: Progress): Promise<IngestSummary> {
  const startedAt = Date.now();
  const summary: IngestSummary = { counts: { NEW: 0, UPDATED: 0, UNCHANGED: 0 }, rejected: [], createdPeople: 0, seconds: 0 };
  let batch: IngestItem[] = [];
  let consumed = 0;
  // Batches overlap: while one commits (the database busy), the next is linked (the worker threads busy)
  // and the one after is read and parsed (this thread). Commits run one at a time, in order.
  let preparing: Promise<PreparedBatch> | null = null;
  let preparedCount = 0;
  let committing: Promise<void> | null = null;
  const commit = async (prepared: Promise<PreparedBatch>, upTo: number) => {
    const result = await ingestor.commit(await prepared);
    for (const outcome of result.outcomes) summary.counts[outcome.status] += 1;
    summary.rejected.push(...result.rejected);
    summary.createdPeople += result.createdPeople;
    progress.advance(upTo);
  };
  const flush = async () => {
    if (!batch.length) return;
    // The batch before last has committed before this one is linked, so the people it created are
    // known to the linker (as they would be ingesting one batch at a time, whatever the timing).
    if (committing) await committing;
    const next = ingestor.prepare(batch);
    next.catch(() => undefined); // awaited below; keeps an early rejection from going unhandled
    batch = [];
    if (preparing) {
      committing = commit(preparing, preparedCount);
      committing.catch(() => undefined); // awaited before the next commit or at the end
    }
    preparing = next;
    preparedCount = consumed;
  };
  for await (const result of results) {
    consumed += 1;
    if (result instanceof RejectedInput) summary.rejected.push(result);
    else batch.push(result);
    if (batch.length >= BATCH_SIZE) await flush();
  }
  await flush();
  if (committing) await committing;
  if (preparing) await commit(preparing, preparedCount);
  progress.advance(consumed);
  progress.stop();
  summary.seconds = (Date.now() - startedAt) / 1000;
  return summary;
}

/** Options of `newsgraph ingest`. */
export interface IngestCommandOptions extends LinkOptions {
  timeZone: string;
  /** Linking worker threads (default 1: linking runs beside the database writes). */
  workers?: number;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

/**
 * `newsgraph ingest <files|dirs|->`: reads scraped pages (.txt), HTML (.html), JSON and NDJSON
 * (`-` reads NDJSON from standard input), links and stores them in batches.
 */
export async function ingestCommand(db: DataSource, paths: readonly string[], options: IngestCommandOptions): Promise<IngestSummary> {
  const ingestor = await Ingestor.open(db, { ...options, workers: options.workers ?? 1 });
  const fromStdin = paths.includes("-");
  const { files, rejected } = listInputFiles(paths.filter((p) => p !== "-"));
  const progress = progressFor(options.stderr, "ingest");
  progress.start(fromStdin ? null : await countInputs(files));
  async function* all(): AsyncGenerator<SourceResult> {
    yield* rejected;
    for (const file of files) yield* readFile(file, options);
    if (fromStdin) yield* readNdjsonStream(options.stdin, "stdin", options);
  }
  try {
    return await ingestStream(ingestor, all(), progress);
  } finally {
    await ingestor.close();
  }
}

/** `newsgraph relink`: re-links every stored article (after entities changed), in batches. */
export async function relinkCommand(db: DataSource, options: LinkOptions & { stderr: NodeJS.WriteStream }): Promise<{ relinked: number; createdPeople: number; seconds: number }> {
  const startedAt = Date.now();
  const ingestor = await Ingestor.open(db, { ...options, workers: options.confirm ? 0 : 1 });
  const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM article`);
  const progress = progressFor(options.stderr, "relink");
  progress.start(Number(n));
  let after = 0;
  let relinked = 0;
  let createdPeople = 0;
  for (;;) {
    const params = db.options.type === "postgres" ? "$1" : "?";
    const rows: { id: number }[] = await db.query(`SELECT "id" FROM article WHERE "id" > ${params} ORDER BY "id" LIMIT ${BATCH_SIZE}`, [after]);
    if (!rows.length) break;
    const ids = rows.map((r) => Number(r.id));
    const result = await ingestor.relink(ids);
    relinked += result.relinked;
    createdPeople += result.createdPeople;
    after = ids[ids.length - 1];
    progress.advance(relinked);
  }
  progress.stop();
  await ingestor.close();
  return { relinked, createdPeople, seconds: (Date.now() - startedAt) / 1000 };
}

/** The closing summary of an ingest run, as printed. */
export function formatSummary(summary: IngestSummary): string {
  const { counts, rejected } = summary;
  const total = counts.NEW + counts.UPDATED + counts.UNCHANGED;
  const lines = [
    `ingested ${total} article(s) in ${summary.seconds.toFixed(1)}s (${Math.round(total / Math.max(summary.seconds, 0.001))}/s): ` +
      `${counts.NEW} new, ${counts.UPDATED} updated, ${counts.UNCHANGED} unchanged, ${rejected.length} rejected; ` +
      `${summary.createdPeople} new unverified people`,
  ];
  for (const r of rejected.slice(0, 50)) lines.push(`  rejected ${r.source ?? "?"}: ${r.reason}`);
  if (rejected.length > 50) lines.push(`  … and ${rejected.length - 50} more rejected`);
  return lines.join("\n");
}
