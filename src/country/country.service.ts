import type { Context } from "../context";
import { BadUserInputError } from "../errors/errors";
import { EntityKind, type EntityBase } from "../entity/entity.entity";
import { findEntity } from "../entity/entity.service";
import { exactlyOne } from "../relay/lookup";

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
