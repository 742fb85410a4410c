import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { dialectOf, SqlParams } from "./sql";

/** A row of a batched statement, tagged with the position of the key it answers. */
export type BatchRow = Record<string, unknown> & { batchIndex: number | string };

/**
 * Runs one statement for many keys by joining per-key subqueries with UNION ALL, each with its own
 * ORDER BY and LIMIT (so each walks its own index range), and returns the rows per key position.
 * This is how connections nested under a list (every person's latest articles) stay one statement.
 * `build` writes a subquery for one key; the tag column is added here.
 */
export async function queryPerKey<K>(
  dataSource: DataSource,
  keys: readonly K[],
  build: (key: K, params: SqlParams) => string,
): Promise<BatchRow[][]> {
  const params = new SqlParams(dialectOf(dataSource));
  const parts = keys.map((key, index) => `SELECT ${index} AS "batchIndex", q${index}.* FROM (${build(key, params)}) AS q${index}`);
  const grouped: BatchRow[][] = keys.map(() => []);
  if (parts.length === 0) return grouped;
  const rows: BatchRow[] = await dataSource.query(parts.join("\nUNION ALL\n"), params.values);
  for (const row of rows) grouped[Number(row.batchIndex)].push(row);
  return grouped;
}

/**
 * Runs `SELECT … WHERE <column> IN (keys)`. `sql` calls `list()` where the bound key list goes, so
 * placeholders are numbered in the order they appear in the text (SQLite's `?` are positional).
 */
export async function selectIn(
  dataSource: DataSource,
  keys: readonly unknown[],
  sql: (list: () => string, params: SqlParams) => string,
): Promise<Record<string, unknown>[]> {
  if (keys.length === 0) return [];
  const params = new SqlParams(dialectOf(dataSource));
  return dataSource.query(sql(() => params.list(keys), params), params.values);
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
    count: new DataLoader<K, number, string>(
      async (keys) => (await queryPerKey(dataSource, keys, sql.count)).map((rows) => Number(rows[0]?.n ?? 0)),
      { cacheKeyFn: sql.countKey, maxBatchSize: 100 },
    ),
  };
}
