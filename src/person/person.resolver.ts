import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { MutationInput } from "../relay/mutation";
import { EDITOR_ROLE } from "../auth/auth";
import { CreatePersonInput, CreatePersonPayload, UpdatePersonInput, UpdatePersonPayload } from "./person.mutations";
import { createPerson, peopleConnection, updatePerson } from "./person.service";
import { PersonConnectionArgs } from "./person.inputs";
import { PersonConnection } from "./person.types";
import type { Context } from "../context";
import { EntityKind } from "../entity/entity.entity";
import { findEntity } from "../entity/entity.service";
import { Country } from "../country/country.entity";
import { Person } from "./person.entity";

const CreatePersonArgs = MutationInput(CreatePersonInput, "The person.");
const UpdatePersonArgs = MutationInput(UpdatePersonInput, "The fields to change.");

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

  @Authorized(EDITOR_ROLE)
  @Mutation(() => CreatePersonPayload, { description: "Adds a VERIFIED person. Needs an editor's token." })
  async createPerson(@Ctx() ctx: Context, @Args(() => CreatePersonArgs) { input }: InstanceType<typeof CreatePersonArgs>): Promise<CreatePersonPayload> {
    return Object.assign(new CreatePersonPayload(), { person: await createPerson(ctx, input) });
  }

  @Authorized(EDITOR_ROLE)
  @Mutation(() => UpdatePersonPayload, { description: "Changes a person: rename, aliases, nationality, or confirm one found in articles (status VERIFIED). Needs an editor's token." })
  async updatePerson(@Ctx() ctx: Context, @Args(() => UpdatePersonArgs) { input }: InstanceType<typeof UpdatePersonArgs>): Promise<UpdatePersonPayload> {
    return Object.assign(new UpdatePersonPayload(), { person: await updatePerson(ctx, input) });
  }

  @Query(() => PersonConnection, { description: "People, ordered by slug; `filter: { status: UNVERIFIED }` lists the people newsgraph found in articles for editors to review." })
  people(@Ctx() ctx: Context, @Args(() => PersonConnectionArgs) args: PersonConnectionArgs): Promise<PersonConnection> {
    return peopleConnection(ctx, args);
  }

  @FieldResolver(() => Country, { nullable: true, description: "The person's country, when known." })
  async nationality(@Root() person: Person, @Ctx() ctx: Context): Promise<Country | null> {
    if (person.nationalityId == null) return null;
    const country = await ctx.loaders.entityById.load(person.nationalityId);
    return country instanceof Country ? country : null;
  }
}
