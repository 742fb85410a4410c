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

/** Rows per multi-row VALUES on SQLite: a few thousand placeholders, well under its limit. */
const SQLITE_ROWS_PER_INSERT = 400;
/** Rows per statement on PostgreSQL, where each column travels as one array parameter. */
const POSTGRES_ROWS_PER_INSERT = 5000;

/**
 * Inserts many rows: `insert` is `INSERT INTO t ("a", "b")`, `types` the PostgreSQL type of each
 * column, `tail` what follows the rows (ON CONFLICT …, RETURNING …; no placeholders). PostgreSQL gets
 * one array parameter per column, unnested into rows (`SELECT * FROM unnest($1::int[], …)`): a batch
 * of 500 articles bound 6,500 scalar placeholders before, which the server parsed, planned and bound
 * on every statement. SQLite gets multi-row VALUES in chunks. Returns the rows of any RETURNING.
 */
export async function insertRows<T = Record<string, unknown>>(
  runner: QueryRunner,
  insert: string,
  types: readonly string[],
  rows: readonly (readonly unknown[])[],
  tail = "",
): Promise<T[]> {
  const out: T[] = [];
  const postgres = dialectOf(runner.connection) === "postgres";
  const size = postgres ? POSTGRES_ROWS_PER_INSERT : SQLITE_ROWS_PER_INSERT;
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const returned = await runSql<T>(runner, (p) => {
      const values = postgres
        ? `SELECT * FROM unnest(${types.map((type, c) => `${p.bind(chunk.map((row) => row[c]))}::${type}[]`).join(", ")})`
        : `VALUES ${chunk.map((row) => `(${row.map((v) => p.bind(v)).join(", ")})`).join(", ")}`;
      return `${insert} ${values}${tail}`;
    });
    out.push(...returned);
  }
  return out;
}
