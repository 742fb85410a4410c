import { BadUserInputError } from "../errors/errors";

/**
 * Keyset cursors: the sort key of an edge (e.g. [publishedAt, id]), tagged with the ordering it belongs
 * to, as opaque base64url text. A cursor stays valid when rows are added, unlike an offset.
 */
export function encodeCursor(tag: string, values: readonly (number | string)[]): string {
  return Buffer.from(JSON.stringify([tag, ...values]), "utf8").toString("base64url");
}

/** Decodes a cursor made by encodeCursor for `tag` with `arity` key values; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string, tag: string, arity: number, argumentName: string): (number | string)[] {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) : null;
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== tag ||
    parsed.length !== arity + 1 ||
    !parsed.slice(1).every((v) => (typeof v === "number" && Number.isFinite(v)) || typeof v === "string")
  ) {
    throw new BadUserInputError(
      `\`${argumentName}\` is not a cursor of this connection and ordering; use a cursor this connection returned`,
      { argumentName },
    );
  }
  return parsed.slice(1) as (number | string)[];
}
