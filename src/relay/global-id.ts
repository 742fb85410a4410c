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

/** Decodes a global id; a malformed id is the client's error (BAD_USER_INPUT), an unknown one is not. */
export function fromGlobalId(id: string, argumentName = "id"): GlobalId {
  const decoded = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? Buffer.from(id, "base64url").toString("utf8") : "";
  const match = /^([A-Za-z]+):([1-9][0-9]{0,15})$/.exec(decoded);
  const type = match?.[1] as NodeTypeName | undefined;
  if (!match || !type || !NODE_TYPES.includes(type) || !Number.isSafeInteger(Number(match[2]))) {
    throw new BadUserInputError(`\`${argumentName}\` is not a valid newsgraph id: "${id.slice(0, 80)}"`, {
      argumentName,
    });
  }
  return { type, key: Number(match[2]) };
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
