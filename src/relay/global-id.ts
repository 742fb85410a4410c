import { BadUserInputError } from "../errors/errors";

/** GraphQL types that implement Node; the first part of every global id. */
export const NODE_TYPES = ["Article", "Person", "Country", "Topic"] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

/**
 * Opaque, stable global id of an object (Relay object identification): base64url of "Type:key".
 * Clients must not parse it; newsgraph may change the encoding behind a version prefix.
 */
export function toGlobalId(type: NodeTypeName, key: number): string {
  return Buffer.from(`${type}:${key}`, "utf8").toString("base64url");
}

/** A decoded global id. */
export interface GlobalId {
  type: NodeTypeName;
  key: number;
}

/** Largest key an object can have: ids are 32-bit `integer` columns on both dialects. */
export const MAX_KEY = 2_147_483_647;

/**
 * The key a well-formed id decodes to when its number is beyond MAX_KEY. No row has it (ids start at
 * 1), so lookups by it find nothing and filters on it match nothing, while the statement still binds
 * an in-range integer: PostgreSQL rejects a larger one for an `integer` column, failing the whole
 * DataLoader batch it was in.
 */
export const NO_SUCH_KEY = 0;

/**
 * Decodes a global id; a malformed id is the client's error (BAD_USER_INPUT), an unknown one is not:
 * a well-formed id whose key is too large for any row names nothing, like a deleted object's.
 */
export function fromGlobalId(id: string, argumentName = "id"): GlobalId {
  const decoded = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? Buffer.from(id, "base64url").toString("utf8") : "";
  const match = /^([A-Za-z]+):([1-9][0-9]*)$/.exec(decoded);
  const type = match?.[1] as NodeTypeName | undefined;
  if (!match || !type || !NODE_TYPES.includes(type)) {
    throw new BadUserInputError(`\`${argumentName}\` is not a valid newsgraph id: "${id.slice(0, 80)}"`, {
      argumentName,
    });
  }
  // Compared as digits, not as a Number, which would round keys beyond 2^53.
  const digits = match[2];
  const inRange = digits.length < 10 || (digits.length === 10 && digits <= String(MAX_KEY));
  return { type, key: inRange ? Number(digits) : NO_SUCH_KEY };
}

/** Decodes a global id that must name one of `types`; another type is a BAD_USER_INPUT error. */
export function fromGlobalIdOf(id: string, types: readonly NodeTypeName[], argumentName = "id"): GlobalId {
  const global = fromGlobalId(id, argumentName);
  if (!types.includes(global.type)) {
    throw new BadUserInputError(
      `\`${argumentName}\` must be the id of a ${types.join(" or ")}, but "${id}" is a ${global.type}`,
      { argumentName },
    );
  }
  return global;
}
