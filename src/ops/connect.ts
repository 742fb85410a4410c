import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../config";
import { openDatabase, type DatabaseLogOptions } from "../db/data-source";
import { classifyDatabaseFailure } from "../errors/infrastructure";
import type { Logger } from "../logging/logger";

/** Wait before attempt `attempt + 1`: 0.5 s doubling, at most 10 s. */
export function connectDelay(attempt: number): number {
  return Math.min(500 * 2 ** Math.max(0, attempt - 1), 10_000);
}

/** Options of openDatabaseWithRetry. */
export interface ConnectOptions {
  log?: DatabaseLogOptions;
  logger: Logger;
  /** Gives up when the next attempt would start later than this after the first. */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** `serve` gave up on a database that stayed out of reach; the message says why and for how long. */
export class DatabaseUnreachableError extends Error {}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return error.errors.map(reasonOf).join("; ");
  if (error instanceof Error) return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}

/**
 * Opens the database, retrying with backoff while PostgreSQL is out of reach (not yet started, being
 * restarted, a network blip), so that newsgraph and its database can start in any order. Each failed
 * attempt is logged with its reason and the next wait. Errors that retrying cannot fix (a wrong
 * password, a missing database, a SQLite file that cannot be opened) end it at once.
 */
export async function openDatabaseWithRetry(db: DatabaseConfig, options: ConnectOptions): Promise<DataSource> {
  const { logger, timeoutMs, sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = options;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const dataSource = await openDatabase(db, options.log);
      if (attempt > 1) logger.info({ attempt }, "database reachable");
      return dataSource;
    } catch (error) {
      const reason = reasonOf(error);
      if (db.kind !== "postgres" || classifyDatabaseFailure(error) !== "SERVICE_UNAVAILABLE") throw error;
      const delay = connectDelay(attempt);
      const elapsed = Date.now() - started;
      if (elapsed + delay > timeoutMs) {
        throw new DatabaseUnreachableError(`database unreachable after ${attempt} attempts in ${(elapsed / 1000).toFixed(1)} s (NEWSGRAPH_DB_CONNECT_TIMEOUT_MS=${timeoutMs}): ${reason}`);
      }
      logger.warn({ attempt, retryInMs: delay, reason }, `database unreachable (${reason}); attempt ${attempt} failed, retrying in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay);
    }
  }
}
