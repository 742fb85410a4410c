import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Country } from "./country.entity";
import { findCountry } from "./country.service";
import { PersonConnectionArgs } from "../person/person.inputs";
import { peopleConnection } from "../person/person.service";
import { PersonConnection } from "../person/person.types";

/** Root country lookup and a Country's own relations. */
@Resolver(() => Country)
export class CountryResolver {
  @Query(() => Country, { nullable: true, description: "One country, by exactly one of `id`, `code` or `slug`; null when there is none." })
  country(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: "Global id of the country." }) id?: string | null,
    @Arg("code", () => String, { nullable: true, description: "ISO 3166-1 alpha-2 or alpha-3 code, any case (`IR`, `irn`)." }) code?: string | null,
    @Arg("slug", () => String, { nullable: true, description: "Slug of the country (`united-states`)." }) slug?: string | null,
  ) {
    return findCountry(ctx, { id, code, slug });
  }

  @FieldResolver(() => PersonConnection, { description: "People of this nationality, ordered by slug (then id), byte by byte." })
  people(@Root() country: Country, @Ctx() ctx: Context, @Args(() => PersonConnectionArgs) args: PersonConnectionArgs): Promise<PersonConnection> {
    return peopleConnection(ctx, args, country.id);
  }
}
