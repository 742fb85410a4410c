import type { DataSource, QueryRunner } from "typeorm";
import { dialectOf } from "./sql";

/** Serialises write transactions of this process on SQLite, whose TypeORM driver has one connection. */
const sqliteLocks = new WeakMap<DataSource, Promise<unknown>>();

/** Errors worth retrying a whole write transaction for: lock waits, deadlocks, a racing insert. */
function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  return (
    code === "SQLITE_BUSY" ||
    code === "SQLITE_BUSY_SNAPSHOT" ||
    code === "40P01" || // deadlock_detected
    code === "40001" || // serialization_failure
    code === "23505" // unique_violation: another process inserted the same row first
  );
}

/**
 * Runs `work` in one write transaction and retries it (up to `attempts` times) when it loses a race
 * with another process. SQLite transactions start with BEGIN IMMEDIATE, taking the write lock up
 * front so that a read-then-write transaction cannot fail half-way; PostgreSQL uses READ COMMITTED
 * with upserts and consistent lock order. All statements go through the given query runner.
 */
export async function writeTransaction<T>(db: DataSource, work: (runner: QueryRunner) => Promise<T>, attempts = 4): Promise<T> {
  const sqlite = dialectOf(db) === "sqlite";
  const run = async (): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const runner = db.createQueryRunner();
      try {
        if (sqlite) await runner.query("BEGIN IMMEDIATE");
        else await runner.startTransaction();
        const result = await work(runner);
        if (sqlite) await runner.query("COMMIT");
        else await runner.commitTransaction();
        return result;
      } catch (error) {
        if (sqlite) await runner.query("ROLLBACK").catch(() => undefined);
        else if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        if (attempt >= attempts || !isRetryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      } finally {
        await runner.release();
      }
    }
  };
  if (!sqlite) return run();
  const previous = sqliteLocks.get(db) ?? Promise.resolve();
  const next = previous.then(run, run);
  sqliteLocks.set(db, next.catch(() => undefined));
  return next;
}
