import type { Context } from "../context";
import { BadUserInputError } from "../errors/errors";
import { EntityKind, type EntityBase } from "../entity/entity.entity";
import { findEntity } from "../entity/entity.service";
import { exactlyOne } from "../relay/lookup";
import { hydrateEntity } from "../entity/entity.rows";
import { pageRequest, type ConnectionArgs } from "../relay/connection";
import type { Person } from "../person/person.entity";
import { PEOPLE_CURSOR, PEOPLE_ORDER_TAG } from "../person/person.loaders";
import { PersonConnection } from "./country.types";

/** Finds a country by exactly one of global id, ISO 3166-1 code (alpha-2 or alpha-3, any case) or slug. */
export async function findCountry(ctx: Context, by: { id?: string | null; code?: string | null; slug?: string | null }): Promise<EntityBase | null> {
  const [argument, value] = exactlyOne(by);
  if (argument !== "code") return findEntity(ctx, EntityKind.COUNTRY, { [argument]: value });
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2,3}$/.test(code)) {
    throw new BadUserInputError(`\`code\` must be an ISO 3166-1 alpha-2 or alpha-3 code such as "IR" or "IRN"; got "${value.slice(0, 20)}"`, { argumentName: "code" });
  }
  return ctx.loaders.countryByCode.load(code);
}

/**
 * The people of a country, by slug (then id) in byte order, the same on every dialect and stable when
 * a display name changes.
 */
export async function peopleOfCountry(ctx: Context, countryId: number, args: ConnectionArgs): Promise<PersonConnection> {
  const page = pageRequest(args, PEOPLE_ORDER_TAG, PEOPLE_CURSOR);
  const key = { countryId, page };
  const rows = await ctx.loaders.peopleOfCountryPage.load(key);
  return PersonConnection.from({
    rows: rows.map((row) => {
      const node = hydrateEntity(row) as Person;
      ctx.loaders.entityById.prime(node.id, node);
      return { node, key: [node.slug, node.id] };
    }),
    page,
    tag: PEOPLE_ORDER_TAG,
    count: () => ctx.loaders.peopleOfCountryCount.load(key),
  });
}
