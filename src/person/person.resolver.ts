import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { EntityKind } from "../entity/entity.entity";
import { findEntity } from "../entity/entity.service";
import { Country } from "../country/country.entity";
import { Person } from "./person.entity";

/** Root person lookup and a Person's own relations. */
@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: "One person, by exactly one of `id` or `slug`; null when there is none." })
  person(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: "Global id of the person." }) id?: string | null,
    @Arg("slug", () => String, { nullable: true, description: "Slug of the person (`vladimir-putin`)." }) slug?: string | null,
  ) {
    return findEntity(ctx, EntityKind.PERSON, { id, slug });
  }

  @FieldResolver(() => Country, { nullable: true, description: "The person's country, when known." })
  async nationality(@Root() person: Person, @Ctx() ctx: Context): Promise<Country | null> {
    if (person.nationalityId == null) return null;
    const country = await ctx.loaders.entityById.load(person.nationalityId);
    return country instanceof Country ? country : null;
  }
}
