import type { Context } from "../context";
import { EntityKind, EntityStatus } from "../entity/entity.entity";
import { checkUnique, replaceEntityNames, storedEntity } from "../entity/entity.editor";
import { runSql } from "../db/sql";
import { slugify } from "../entity/entity.rows";
import { BadUserInputError } from "../errors/errors";
import type { Person } from "./person.entity";
import { hydrateEntity } from "../entity/entity.rows";
import { fromGlobalIdOf } from "../relay/global-id";
import { pageRequest } from "../relay/connection";
import { PEOPLE_CURSOR, PEOPLE_ORDER_TAG } from "./person.loaders";
import type { PersonConnectionArgs } from "./person.inputs";
import { PersonConnection } from "./person.types";
import type { CreatePersonInput, UpdatePersonInput } from "./person.mutations";

/** Aliases as editors give them: trimmed, without blanks, repeats or the name itself. */
function cleanAliases(aliases: readonly string[], name: string): string[] {
  return [...new Set(aliases.map((a) => a.trim()).filter((a) => a && a !== name))];
}

function slugOf(name: string): string {
  const slug = slugify(name);
  if (!slug) throw new BadUserInputError("`name` must contain letters or digits that make a slug", { field: "input.name" });
  return slug;
}

/** `createPerson`: a VERIFIED person with lookup names, in one transaction. */
export async function createPerson(ctx: Context, input: CreatePersonInput): Promise<Person> {
  const name = input.name.trim();
  const slug = slugOf(name);
  const aliases = cleanAliases(input.aliases ?? [], name);
  const id = await ctx.services.ingestion.edit(async (runner) => {
    const nationality = input.nationality ? await storedEntity(runner, input.nationality, ["Country"], "input.nationality") : null;
    await checkUnique(runner, EntityKind.PERSON, null, slug, input.wikidataId ?? null);
    const [row] = await runSql(runner, (p) =>
      `INSERT INTO entity ("kind", "slug", "name", "aliases", "description", "status", "mentionCount", "updatedAt", "nationalityId", "wikidataId") VALUES (` +
      [EntityKind.PERSON, slug, name, JSON.stringify(aliases), input.description?.trim() || null, EntityStatus.VERIFIED, 0, Date.now(), nationality?.id ?? null, input.wikidataId ?? null]
        .map((v) => p.bind(v))
        .join(", ") +
      `) RETURNING "id"`,
    );
    const created = Number(row.id);
    await replaceEntityNames(runner, [{ id: created, name, slug, aliases }]);
    return created;
  });
  return (await ctx.loaders.entityById.load(id)) as Person;
}

/** `updatePerson`: changes the given fields; a new name brings a new slug and lookup names. */
export async function updatePerson(ctx: Context, input: UpdatePersonInput): Promise<Person> {
  const id = await ctx.services.ingestion.edit(async (runner) => {
    const person = (await storedEntity(runner, input.id, ["Person"], "input.id")) as Person;
    const [row] = await runSql(runner, (p) => `SELECT "wikidataId", "nationalityId" FROM entity WHERE "id" = ${p.bind(person.id)}`);
    const name = input.name?.trim() || person.name;
    const slug = input.name ? slugOf(name) : person.slug;
    const aliases = cleanAliases(input.aliases ?? person.aliases, name);
    const wikidataId = input.wikidataId === undefined || input.wikidataId === null ? ((row.wikidataId as string | null) ?? null) : input.wikidataId || null;
    const nationalityId = input.nationality ? (await storedEntity(runner, input.nationality, ["Country"], "input.nationality")).id : (row.nationalityId as number | null);
    const description = input.description === undefined || input.description === null ? person.description : input.description.trim() || null;
    await checkUnique(runner, EntityKind.PERSON, person.id, slug, wikidataId);
    await runSql(runner, (p) =>
      `UPDATE entity SET "name" = ${p.bind(name)}, "slug" = ${p.bind(slug)}, "aliases" = ${p.bind(JSON.stringify(aliases))},` +
      ` "description" = ${p.bind(description)}, "wikidataId" = ${p.bind(wikidataId)}, "nationalityId" = ${p.bind(nationalityId)},` +
      ` "status" = ${p.bind(input.status ?? person.status)}, "updatedAt" = ${p.bind(Date.now())} WHERE "id" = ${p.bind(person.id)}`,
    );
    await replaceEntityNames(runner, [{ id: person.id, name, slug, aliases }]);
    return person.id;
  });
  ctx.loaders.entityById.clear(id);
  return (await ctx.loaders.entityById.load(id)) as Person;
}

/**
 * People as a connection, ordered by slug: `Query.people` (any nationality) or `Country.people`
 * (`nationalityId` set); `filter.status` finds the people an editor should review.
 */
export async function peopleConnection(ctx: Context, args: PersonConnectionArgs, nationalityId: number | null = null): Promise<PersonConnection> {
  const page = pageRequest(args, PEOPLE_ORDER_TAG, PEOPLE_CURSOR);
  const nationality = args.filter?.nationality ? fromGlobalIdOf(args.filter.nationality, ["Country"], "filter.nationality").key : null;
  if (nationality !== null && nationalityId !== null && nationality !== nationalityId) {
    return PersonConnection.from({ rows: [], page, tag: PEOPLE_ORDER_TAG, count: async () => 0 });
  }
  const key = { nationalityId: nationalityId ?? nationality, status: args.filter?.status ?? null, page };
  const rows = await ctx.loaders.peoplePage.load(key);
  return PersonConnection.from({
    rows: rows.map((row) => {
      const node = hydrateEntity(row) as Person;
      ctx.loaders.entityById.prime(node.id, node);
      return { node, key: [node.slug, node.id] };
    }),
    page,
    tag: PEOPLE_ORDER_TAG,
    count: () => ctx.loaders.peopleCount.load(key),
  });
}
