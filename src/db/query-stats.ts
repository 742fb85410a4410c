import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger, QueryRunner } from "typeorm";

/** SQL statements run on behalf of one unit of work (an HTTP request, a test, a benchmark step). */
export interface QueryStats {
  statements: number;
}

const storage = new AsyncLocalStorage<QueryStats>();

/** Runs `fn` with a fresh statement counter; every query it causes, however deep, is counted. */
export function withQueryStats<T>(fn: () => T): T {
  return storage.run({ statements: 0 }, fn);
}

/** The counter of the unit of work this code runs in, if any. */
export function currentQueryStats(): QueryStats | undefined {
  return storage.getStore();
}

/**
 * TypeORM logger that counts statements per unit of work and reports only failures.
 * Counting is what proves that loaders batch: the number follows the query's shape, not its rows.
 */
export class QueryStatsLogger implements Logger {
  constructor(private readonly options: { quiet: boolean; logSqlErrors: boolean } = { quiet: false, logSqlErrors: false }) {}

  logQuery(_query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    const stats = storage.getStore();
    if (stats) stats.statements += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    if (this.options.logSqlErrors) console.error("SQL error:", error, query);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    if (!this.options.quiet) console.log(message);
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") console.warn(message);
  }
}
