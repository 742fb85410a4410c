import { DataSource, type QueryRunner } from "typeorm";
import { dialectOf } from "./sql";

/** Serialises write transactions of this process on SQLite, which allows one writer at a time. */
const sqliteLocks = new WeakMap<DataSource, Promise<unknown>>();

/** The SQLite connection write transactions run on, beside the one that serves reads. */
const sqliteWriters = new WeakMap<DataSource, Promise<DataSource>>();

/**
 * TypeORM's better-sqlite3 driver has a single connection, so a write transaction open on it would be
 * seen (uncommitted, and perhaps rolled back) by every read the process makes meanwhile. Writes get a
 * connection of their own on the same file: in WAL mode, reads on the first one see only committed
 * data. An in-memory database cannot be shared between connections and keeps the single one.
 */
function sqliteWriter(db: DataSource): Promise<DataSource> {
  let writer = sqliteWriters.get(db);
  if (!writer) {
    const file = (db.options as { database?: string }).database;
    writer =
      !file || file === ":memory:"
        ? Promise.resolve(db)
        : new DataSource({ ...db.options, migrations: [], migrationsRun: false } as typeof db.options).initialize().then((opened) => {
            const destroy = db.destroy.bind(db);
            db.destroy = async () => {
              if (opened.isInitialized) await opened.destroy();
              return destroy();
            };
            return opened;
          });
    sqliteWriters.set(db, writer);
  }
  return writer;
}

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
    const target = sqlite ? await sqliteWriter(db) : db;
    for (let attempt = 1; ; attempt++) {
      const runner = target.createQueryRunner();
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
