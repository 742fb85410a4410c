import { In, type EntityManager } from "typeorm";
import type { Context } from "../context";
import { compareCoMentions } from "../mention/co-mention.ranking";
import { EntityName } from "./entity-name.entity";
import { BadUserInputError } from "../errors/errors";
import { EntityBase, EntityKind } from "./entity.entity";
import { nameKey } from "./entity.rows";
import { fromGlobalId, fromGlobalIdOf, type NodeTypeName } from "../relay/global-id";
import { exactlyOne, type Lookup } from "../relay/lookup";
import { pageRequest } from "../relay/connection";
import { CoMentionConnection, type CoMentionArgs } from "./entity.types";

/** How an entity is named in messages: "Vladimir Putin (Person)". */
function label(entity: EntityBase): string {
  return `${entity.name} (${entity.nodeType})`;
}

/**
 * Resolves names (name, alias or slug, any case) to entity keys, one per name. Names matching no
 * entity or several are one BAD_USER_INPUT error naming every one of them with its candidates
 * (`extensions.names: [{ name, candidates }]`, and `name` and `candidates` when there is only one),
 * so a typo never silently widens or empties a result, and a client can fix every name at once.
 */
export async function resolveEntityNames(ctx: Context, names: readonly string[], argumentName: string): Promise<number[]> {
  const matches = await ctx.loaders.entityIdsByName.loadMany(names.map(nameKey));
  const resolved: number[] = [];
  // Each name that matched none or several entities, with their keys, in the order the client wrote them.
  const unresolved = new Map<string, number[]>();
  for (const [i, match] of matches.entries()) {
    if (match instanceof Error) throw match;
    if (match.length === 1) resolved.push(match[0]);
    else unresolved.set(names[i], match);
  }
  if (!unresolved.size) return resolved;

  // Candidates: suggestions for each unknown name, the entities of each ambiguous one (two batched loads).
  const entries = [...unresolved];
  const [suggestions, entities] = await Promise.all([
    ctx.loaders.entityNameSuggestions.loadMany(entries.filter(([, ids]) => !ids.length).map(([name]) => nameKey(name))),
    ctx.loaders.entityById.loadMany([...new Set(entries.flatMap(([, ids]) => ids))]),
  ]);
  const labels = new Map<number, string>();
  for (const entity of entities) {
    if (entity instanceof Error) throw entity;
    if (entity) labels.set(entity.id, label(entity));
  }
  let nextSuggestion = 0;
  const problems = entries.map(([name, ids]) => {
    if (ids.length) {
      const candidates = ids.flatMap((id) => labels.get(id) ?? []);
      return { name, candidates, sentence: `"${name}" names more than one entity: ${candidates.join(", ")}` };
    }
    const candidates = suggestions[nextSuggestion++];
    if (candidates instanceof Error) throw candidates;
    const hint = candidates.length ? `; did you mean ${candidates.map((c) => `"${c}"`).join(", ")}?` : "";
    return { name, candidates, sentence: `No person, country or topic is named "${name}"${hint}` };
  });

  const fix = entries.some(([, ids]) => ids.length) ? "; use a slug or `mentionsAll` with an id" : "";
  const details = { argumentName, names: problems.map(({ name, candidates }) => ({ name, candidates })) };
  if (problems.length === 1) {
    const [{ name, candidates, sentence }] = problems;
    throw new BadUserInputError(`${sentence}${fix}`, { ...details, name, candidates });
  }
  throw new BadUserInputError(
    `${problems.length} names in \`${argumentName}\` do not name exactly one entity: ${problems.map((p) => p.sentence).join(" | ")}${fix}`,
    details,
  );
}

/** Finds an entity of `kind` by slug; null when there is none. */
export async function findEntityBySlug(ctx: Context, kind: EntityKind, slug: string): Promise<EntityBase | null> {
  return ctx.loaders.entityBySlug.load(`${kind}:${slug.toLowerCase()}`);
}

/** Loads the Node a global id names, or null when it does not exist (any more). */
export async function loadNode(ctx: Context, id: string, argumentName = "id") {
  const { type, key } = fromGlobalId(id, argumentName);
  if (type === "Article") return ctx.loaders.articleById.load(key);
  const entity = await ctx.loaders.entityById.load(key);
  return entity && entity.nodeType === type ? entity : null;
}

/** Finds a Person, Country or Topic by global id or slug (`by` holds exactly one); null when none. */
export async function findEntity(ctx: Context, kind: EntityKind, by: Lookup): Promise<EntityBase | null> {
  const [argument, value] = exactlyOne(by);
  if (argument === "slug") return findEntityBySlug(ctx, kind, value);
  const { key } = fromGlobalIdOf(value, [KIND_TYPES[kind]], argument);
  const entity = await ctx.loaders.entityById.load(key);
  return entity?.kind === kind ? entity : null;
}

/** GraphQL type of each entity kind. */
const KIND_TYPES = { PERSON: "Person", COUNTRY: "Country", TOPIC: "Topic" } as const satisfies Record<EntityKind, NodeTypeName>;

/** An entity's co-mentioned entities as a connection (see CoMentionConnection). */
export async function coMentionConnection(ctx: Context, entityId: number, args: CoMentionArgs): Promise<CoMentionConnection> {
  const page = pageRequest(args, "CO", ["int53", "int53", "int32"]);
  const key = { entityId, kind: args.kind ?? null, page };
  // In fetch order (reversed when paging backward): batched statements do not promise row order.
  const display = compareCoMentions("count-weight-id");
  const rows = [...(await ctx.loaders.coMentionPage.load(key))].sort(page.backward ? (x, y) => display(y, x) : display);
  const entities = await ctx.loaders.entityById.loadMany(rows.map((r) => r.entityId));
  return CoMentionConnection.from({
    rows: rows.flatMap((row, i) => {
      const node = entities[i];
      if (!(node instanceof EntityBase)) return [];
      return [{ node, key: [row.n, row.s, node.id], extras: { count: row.n } }];
    }),
    page,
    tag: "CO",
    count: () => ctx.loaders.coMentionCount.load(key),
  });
}

/** Every name an entity answers to in `mentioning` filters and lookups: name, slug and aliases. */
export function lookupNames(entity: Pick<EntityBase, "name" | "slug" | "aliases">): string[] {
  return [...new Set([entity.name, entity.slug, ...entity.aliases].map(nameKey).filter(Boolean))];
}

/** Rewrites the entity_name rows of the given entities. Runs inside the caller's transaction. */
export async function writeEntityNames(manager: EntityManager, entities: readonly EntityBase[]): Promise<void> {
  if (!entities.length) return;
  await manager.delete(EntityName, { entityId: In(entities.map((e) => e.id)) });
  const rows = entities.flatMap((e) => lookupNames(e).map((key) => ({ key, entityId: e.id })));
  for (let i = 0; i < rows.length; i += 400) await manager.insert(EntityName, rows.slice(i, i + 400));
}
