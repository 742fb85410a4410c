import type { DataSource } from "typeorm";

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
