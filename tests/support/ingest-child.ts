import "reflect-metadata";
import fs from "node:fs";
import readline from "node:readline";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/data-source";
import { Ingestor, type IngestItem } from "../../src/ingest/ingest.service";
import { RejectedInput } from "../../src/ingest/input";
import { readFile } from "../../src/ingest/sources";

/*
 * A child process for the concurrency tests: ingests an NDJSON file through Ingestor in batches of
 * a chosen size, so that two processes interleave many short write transactions instead of the
 * command line's two 500-record ones.
 *
 *   DATABASE_URL=… node dist/tests/support/ingest-child.js <file.ndjson> <batch size> [forward|reverse]
 *
 * It loads the file and the gazetteer, prints "ready", waits for a line on standard input (so that
 * the parent can start every child's writes at the same moment), ingests, and prints one JSON line
 * with its counts. Linking runs on this thread (no workers): the point is the writes.
 */
async function main(): Promise<void> {
  const [file, size, order = "forward"] = process.argv.slice(2);
  const batchSize = Number(size);
  if (!file || !Number.isInteger(batchSize) || batchSize < 1 || !["forward", "reverse"].includes(order)) {
    throw new Error("usage: ingest-child <file.ndjson> <batch size> [forward|reverse]");
  }
  const items: IngestItem[] = [];
  let rejected = 0;
  for await (const result of readFile(file, { timeZone: "UTC" })) {
    if (result instanceof RejectedInput) rejected += 1;
    else items.push(result);
  }
  if (order === "reverse") items.reverse();

  const db = await openDatabase(loadConfig().database);
  const ingestor = await Ingestor.open(db, { workers: 0 });
  process.stdout.write("ready\n");
  const lines = readline.createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once("line", () => resolve()));
  lines.close();

  const counts = { NEW: 0, UPDATED: 0, UNCHANGED: 0, rejected, createdPeople: 0, batches: 0 };
  for (let i = 0; i < items.length; i += batchSize) {
    const result = await ingestor.ingest(items.slice(i, i + batchSize));
    for (const outcome of result.outcomes) counts[outcome.status] += 1;
    counts.rejected += result.rejected.length;
    counts.createdPeople += result.createdPeople;
    counts.batches += 1;
  }
  await ingestor.close();
  await db.destroy();
  process.stdout.write(`${JSON.stringify(counts)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
