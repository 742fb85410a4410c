import { BadUserInputError } from "../errors/errors";

/** Arguments of a root lookup field (`article(id, slug, url)`), of which exactly one must be given. */
export type Lookup = Record<string, string | null | undefined>;

/** The one lookup argument given, as [name, value]; none or several is BAD_USER_INPUT naming them. */
export function exactlyOne(by: Lookup): [string, string] {
  const given = Object.entries(by).filter((entry): entry is [string, string] => entry[1] != null);
  if (given.length !== 1) {
    const names = Object.keys(by).map((k) => `\`${k}\``);
    throw new BadUserInputError(
      `Pass exactly one of ${names.slice(0, -1).join(", ")} or ${names.at(-1)}; got ${given.length ? given.map(([k]) => `\`${k}\``).join(" and ") : "none"}`,
      { arguments: given.map(([k]) => k) },
    );
  }
  return given[0];
}
