import { BadUserInputError } from "../errors/errors";

/**
 * What one position of a cursor's sort key may hold. Each matches the column it is compared with, so
 * a forged cursor is rejected here instead of failing in SQL (PostgreSQL) or comparing a number with
 * text and returning a wrong page (SQLite):
 * - "int53": an integer JavaScript holds exactly, for `bigint` columns such as epoch milliseconds and
 *   for aggregates (PostgreSQL's COUNT and SUM of integers are `bigint`);
 * - "int32": an integer of a 32-bit `integer` column, such as an id;
 * - "string": text without NUL (PostgreSQL text cannot hold it), such as a slug.
 */
export type CursorValueType = "int53" | "int32" | "string";

/** The value types of a cursor's positions, in order: e.g. ["int53", "int32"] for (publishedAt, id). */
export type CursorSchema = readonly CursorValueType[];

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

function fits(type: CursorValueType, value: unknown): boolean {
  switch (type) {
    case "int53":
      return Number.isSafeInteger(value);
    case "int32":
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;
    case "string":
      return typeof value === "string" && !value.includes("\u0000");
  }
}

/**
 * Keyset cursors: the sort key of an edge (e.g. [publishedAt, id]), tagged with the ordering it belongs
 * to, as opaque base64url text. A cursor stays valid when rows are added, unlike an offset.
 */
export function encodeCursor(tag: string, values: readonly (number | string)[]): string {
  return Buffer.from(JSON.stringify([tag, ...values]), "utf8").toString("base64url");
}

/**
 * Decodes a cursor made by encodeCursor for `tag` whose key values fit `schema`, position by position;
 * anything else (another ordering, another length, a value of another type or range) is BAD_USER_INPUT.
 */
export function decodeCursor(cursor: string, tag: string, schema: CursorSchema, argumentName: string): (number | string)[] {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) : null;
  } catch {
    parsed = null;
  }
  const values: unknown[] | null = Array.isArray(parsed) ? parsed : null;
  if (
    !values ||
    values[0] !== tag ||
    values.length !== schema.length + 1 ||
    !schema.every((type, i) => fits(type, values[i + 1]))
  ) {
    throw new BadUserInputError(
      `\`${argumentName}\` is not a cursor of this connection and ordering; use a cursor this connection returned`,
      { argumentName },
    );
  }
  return values.slice(1) as (number | string)[];
}
