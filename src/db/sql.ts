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

  /**
   * Binds a list for a membership test, written after the column: `= ANY($n::type[])` on
   * PostgreSQL, one array parameter (sent in binary for text) that the server parses and plans as one
   * however long the list; `IN (?, ?, …)` on SQLite. The list must not be empty.
   */
  in(values: readonly unknown[], type: "text" | "int"): string {
    if (this.dialect !== "postgres") return `IN ${this.list(values)}`;
    return `= ANY(${this.bind(arrayParam(type, values))}::${type}[])`;
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

/** PostgreSQL type ids of the array elements insertRows sends in binary. */
const BINARY_ELEMENT_TYPES: Readonly<Record<string, number>> = { text: 25, tsvector: 3614, int: 23, bigint: 20 };

/** Bytes of one int (int4) or bigint (int8) element, and whether a value fits it exactly. */
const INTEGER_TYPES: Readonly<Record<string, { size: number; fits: (v: unknown) => boolean }>> = {
  int: { size: 4, fits: (v) => Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647 },
  bigint: { size: 8, fits: (v) => Number.isSafeInteger(v) },
};

/**
 * A column of text (strings) or of values already in PostgreSQL's binary format (Uint8Array, such
 * as search-document.ts's tsvectors) as a binary one-dimensional array (`array_recv`'s format:
 * dimensions, element type, then each element's length and bytes, -1 for NULL). Sent as a Buffer, it
 * travels as a binary parameter: no quoting and escaping here, and no array literal to parse in
 * the server, which for article bodies and search documents is megabytes a batch. Null when a value
 * is neither (the column then goes as a text array literal, as before).
 */
function binaryArray(type: string, values: readonly unknown[]): Buffer | null {
  const oid = BINARY_ELEMENT_TYPES[type];
  if (oid === undefined) return null;
  const integer = INTEGER_TYPES[type];
  if (integer) return binaryIntegers(oid, integer.size, integer.fits, values);
  const text = type === "text";
  let size = 20;
  let nulls = 0;
  for (const v of values) {
    if (v === null || v === undefined) nulls = 1;
    else if (text && typeof v === "string") size += Buffer.byteLength(v, "utf8");
    else if (!text && v instanceof Uint8Array) size += v.byteLength;
    else return null;
    size += 4;
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt32BE(1, 0);
  at = out.writeInt32BE(nulls, at);
  at = out.writeInt32BE(oid, at);
  at = out.writeInt32BE(values.length, at);
  at = out.writeInt32BE(1, at);
  for (const v of values) {
    if (v === null || v === undefined) {
      at = out.writeInt32BE(-1, at);
      continue;
    }
    const written = typeof v === "string" ? out.write(v, at + 4, "utf8") : Buffer.from((v as Uint8Array).buffer, (v as Uint8Array).byteOffset, (v as Uint8Array).byteLength).copy(out, at + 4);
    out.writeInt32BE(written, at);
    at += 4 + written;
  }
  return out;
}

/** binaryArray for int4 and int8 elements: integers only (null when a value is anything else). */
function binaryIntegers(oid: number, size: number, fits: (v: unknown) => boolean, values: readonly unknown[]): Buffer | null {
  for (const v of values) if (!fits(v)) return null;
  const out = Buffer.allocUnsafe(20 + values.length * (4 + size));
  let at = out.writeInt32BE(1, 0);
  at = out.writeInt32BE(0, at);
  at = out.writeInt32BE(oid, at);
  at = out.writeInt32BE(values.length, at);
  at = out.writeInt32BE(1, at);
  for (const v of values) {
    at = out.writeInt32BE(size, at);
    at = size === 4 ? out.writeInt32BE(v as number, at) : out.writeBigInt64BE(BigInt(v as number), at);
  }
  return out;
}

/**
 * A PostgreSQL array parameter for `$n::type[]`: binary (binaryArray) when its values allow, else the
 * values as they are (node-postgres writes them as an array literal).
 */
export function arrayParam(type: string, values: readonly unknown[]): unknown {
  return binaryArray(type, values) ?? values;
}

/**
 * Inserts many rows: `insert` is `INSERT INTO t ("a", "b")`, `types` the PostgreSQL type of each
 * column, `tail` what follows the rows (ON CONFLICT …, RETURNING …; no placeholders). PostgreSQL gets
 * one array parameter per column, unnested into rows (`SELECT * FROM unnest($1::int[], …)`): a batch
 * of 500 articles bound 6,500 scalar placeholders before, which the server parsed, planned and bound
 * on every statement; text, tsvector and integer columns travel as binary arrays (binaryArray). SQLite gets
 * multi-row VALUES in chunks. Returns the rows of any RETURNING.
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
        ? `SELECT * FROM unnest(${types.map((type, c) => {
            return `${p.bind(arrayParam(type, chunk.map((row) => row[c])))}::${type}[]`;
          }).join(", ")})`
        : `VALUES ${chunk.map((row) => `(${row.map((v) => p.bind(v)).join(", ")})`).join(", ")}`;
      return `${insert} ${values}${tail}`;
    });
    out.push(...returned);
  }
  return out;
}
