import type { DataSource, QueryRunner } from "typeorm";

/** SQL dialects newsgraph runs on. */
export type Dialect = "sqlite" | "postgres";

/** The dialect of a TypeORM data source. */
export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === "postgres" ? "postgres" : "sqlite";
}

/**
 * Collects bound parameters while a statement is written, emitting `?` (SQLite) or `$n` (PostgreSQL).
 * Values never enter the SQL text.
 */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(readonly dialect: Dialect) {}

  /** Binds one value and returns its placeholder. */
  bind(value: unknown): string {
    this.values.push(value);
    return this.dialect === "postgres" ? `$${this.values.length}` : "?";
  }

  /** Binds a list of values as `(p1, p2, …)` for IN. The list must not be empty. */
  list(values: readonly unknown[]): string {
    return `(${values.map((v) => this.bind(v)).join(", ")})`;
  }
}

/**
 * Runs one statement with dialect-correct placeholders through a query runner (a transaction) or a
 * data source, returning its rows. Uses TypeORM's structured results so that `DELETE … RETURNING`
 * gives rows on PostgreSQL too (its plain result is [rows, count] there, rows on SQLite).
 */
export async function runSql<T = Record<string, unknown>>(
  target: QueryRunner | DataSource,
  build: (params: SqlParams) => string,
): Promise<T[]> {
  const runner = "release" in target ? target : null;
  const params = new SqlParams(dialectOf(runner ? runner.connection : (target as DataSource)));
  const text = build(params);
  if (!runner) return (target as DataSource).query(text, params.values);
  const result = await runner.query(text, params.values, true);
  return (result.records ?? []) as T[];
}
