import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { dialectOf, SqlParams } from "./sql";

/** A row of a batched statement, tagged with the position of the key it answers. */
export type BatchRow = Record<string, unknown> & { batchIndex: number | string };

/**
 * Most subqueries one UNION ALL statement joins. SQLite refuses a compound SELECT of more than 500
 * terms (SQLITE_MAX_COMPOUND_SELECT); 400 leaves room, and keeps a statement's bound parameters
 * (a few dozen per subquery at most) under both dialects' limits.
 */
export const MAX_SUBQUERIES_PER_STATEMENT = 400;

/**
 * Most keys one `IN (…)` list binds. SQLite binds at most 32,766 parameters and PostgreSQL 65,535;
 * 1,000 keys stay far below both even when a statement repeats its list.
 */
export const MAX_KEYS_PER_LIST = 1000;

/** Splits `items` into consecutive slices of at most `size`. */
function chunks<T>(items: readonly T[], size: number): (readonly T[])[] {
  const out: (readonly T[])[] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs one statement for many keys by joining per-key subqueries with UNION ALL, each with its own
 * ORDER BY and LIMIT (so each walks its own index range), and returns the rows per key position.
 * This is how connections nested under a list (every person's latest articles) stay one statement.
 * `build` writes a subquery for one key; the tag column is added here. More than
 * MAX_SUBQUERIES_PER_STATEMENT keys are answered by several statements, run one after another.
 */
export async function queryPerKey<K>(
  dataSource: DataSource,
  keys: readonly K[],
  build: (key: K, params: SqlParams) => string,
): Promise<BatchRow[][]> {
  const grouped: BatchRow[][] = keys.map(() => []);
  for (const [c, chunk] of chunks(keys, MAX_SUBQUERIES_PER_STATEMENT).entries()) {
    const offset = c * MAX_SUBQUERIES_PER_STATEMENT;
    const params = new SqlParams(dialectOf(dataSource));
    const parts = chunk.map((key, i) => {
      const index = offset + i;
      return `SELECT ${index} AS "batchIndex", q${index}.* FROM (${build(key, params)}) AS q${index}`;
    });
    const rows: BatchRow[] = await dataSource.query(parts.join("\nUNION ALL\n"), params.values);
    for (const row of rows) grouped[Number(row.batchIndex)].push(row);
  }
  return grouped;
}

/**
 * Runs `SELECT … WHERE <column> IN (keys)`. `sql` calls `list()` where the bound key list goes, so
 * placeholders are numbered in the order they appear in the text (SQLite's `?` are positional).
 * More than MAX_KEYS_PER_LIST keys are looked up by several statements whose rows are concatenated,
 * so `sql` must select rows per key (no LIMIT or aggregate across keys).
 */
export async function selectIn(
  dataSource: DataSource,
  keys: readonly unknown[],
  sql: (list: () => string, params: SqlParams) => string,
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const chunk of chunks(keys, MAX_KEYS_PER_LIST)) {
    const params = new SqlParams(dialectOf(dataSource));
    const found: Record<string, unknown>[] = await dataSource.query(sql(() => params.list(chunk), params), params.values);
    for (const row of found) rows.push(row);
  }
  return rows;
}

/**
 * Orders loaded values by the keys that asked for them, as DataLoader requires: exactly one value
 * per key, in key order, `null` where nothing was found.
 */
export function byKey<K, V>(keys: readonly K[], values: readonly V[], keyOf: (value: V) => K): (V | null)[] {
  const found = new Map<K, V>();
  for (const value of values) found.set(keyOf(value), value);
  return keys.map((key) => found.get(key) ?? null);
}

/** Groups loaded values under the keys that asked for them: one (possibly empty) list per key. */
export function groupByKey<K, V>(keys: readonly K[], values: readonly V[], keyOf: (value: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const value of values) groups.get(keyOf(value))?.push(value);
  return keys.map((key) => groups.get(key) ?? []);
}

/** A connection whose pages and counts are each written as one subquery per key. */
export interface KeyedConnectionSql<K> {
  /** Subquery for one key's page: `limit + 1` rows in fetch order. */
  page: (key: K, params: SqlParams) => string;
  /** Subquery for one key's total, selecting a single column `n`. */
  count: (key: K, params: SqlParams) => string;
  /** Equal cache keys share one fetch within a request. */
  pageKey: (key: K) => string;
  countKey: (key: K) => string;
}

/**
 * Page and count loaders for a connection nested under a list (a country's people for every
 * country on a page): each batch is one UNION ALL statement, whatever the number of parents.
 */
export function keyedConnectionLoaders<K>(dataSource: DataSource, sql: KeyedConnectionSql<K>) {
  return {
    page: new DataLoader<K, BatchRow[], string>((keys) => queryPerKey(dataSource, keys, sql.page), {
      cacheKeyFn: sql.pageKey,
      maxBatchSize: 100,
    }),
    count: keyedCountLoader(dataSource, sql.count, sql.countKey),
  };
}

/** A loader of per-key totals: `count` writes one key's subquery selecting a single column `n`; one statement per batch. */
export function keyedCountLoader<K>(dataSource: DataSource, count: (key: K, params: SqlParams) => string, cacheKey: (key: K) => string) {
  return new DataLoader<K, number, string>(
    async (keys) => (await queryPerKey(dataSource, keys, count)).map((rows) => Number(rows[0]?.n ?? 0)),
    { cacheKeyFn: cacheKey, maxBatchSize: 100 },
  );
}
