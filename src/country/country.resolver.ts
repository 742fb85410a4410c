import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { ConnectionArgs } from "../relay/connection";
import { Country } from "./country.entity";
import { findCountry, peopleOfCountry } from "./country.service";
import { PersonConnection } from "./country.types";

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
  people(@Root() country: Country, @Ctx() ctx: Context, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<PersonConnection> {
    return peopleOfCountry(ctx, country.id, args);
  }
}
