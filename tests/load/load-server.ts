/**
 * The server under load, in a process of its own so that its memory is measured apart from the load
 * generator's. Forked by load.ts with an IPC channel (and `--expose-gc`): it serves the database of
 * `DATABASE_URL` on an ephemeral port, says `{ ready, url }`, and answers `{ memory, gc }` with
 * `process.memoryUsage()`, after a full garbage collection when `gc` is asked and exposed.
 */
import "reflect-metadata";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/data-source";
import { startServer } from "../../src/server";

/** A message from load.ts. */
export type LoadServerRequest = { memory: true; gc: boolean } | { stop: true };

/** A message to load.ts. */
export type LoadServerMessage = { ready: true; url: string } | { memory: NodeJS.MemoryUsage; collected: boolean };

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.database, config);
  const server = await startServer(config, db, 0);
  const send = (message: LoadServerMessage) => process.send?.(message);
  process.on("message", async (message: LoadServerRequest) => {
    if ("stop" in message) {
      await server.stop();
      await db.destroy();
      process.exit(0);
    }
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message.gc && gc) {
      // Twice: the first pass can leave objects that only become unreachable after finalizers run.
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    send({ memory: process.memoryUsage(), collected: Boolean(message.gc && gc) });
  });
  send({ ready: true, url: server.url });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
