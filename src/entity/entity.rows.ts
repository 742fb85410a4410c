import { EntityBase, EntityKind, EntityStatus } from "./entity.entity";
import { Person } from "../person/person.entity";
import { Country } from "../country/country.entity";
import { Topic } from "../topic/topic.entity";

type Row = Record<string, unknown>;

function json<T>(value: unknown, fallback: T): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : fallback;
}

function nullableInt(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Turns a raw `entity` row (from `SELECT e.*`) into a Person, Country or Topic instance, as TypeORM
 * would, but without its per-row overhead. Class instances let GraphQL resolve the `Entity` and `Node`
 * interfaces to the right object type.
 */
export function hydrateEntity(row: Row): EntityBase {
  const common = {
    id: Number(row.id),
    kind: row.kind as EntityKind,
    slug: row.slug as string,
    name: row.name as string,
    aliases: json<string[]>(row.aliases, []),
    description: (row.description as string | null) ?? null,
    mentionCount: Number(row.mentionCount),
    status: row.status as EntityStatus,
    updatedAt: new Date(Number(row.updatedAt ?? 0)),
  };
  switch (row.kind) {
    case EntityKind.PERSON:
      return Object.assign(new Person(), common, {
        wikidataId: (row.wikidataId as string | null) ?? null,
        nationalityId: nullableInt(row.nationalityId),
      });
    case EntityKind.COUNTRY:
      return Object.assign(new Country(), common, {
        code: row.code as string,
        alpha3: row.alpha3 as string,
        region: row.region as string,
        subregion: (row.subregion as string | null) ?? null,
        capital: (row.capital as string | null) ?? null,
        demonyms: json<string[]>(row.demonyms, []),
      });
    case EntityKind.TOPIC:
      return Object.assign(new Topic(), common, {
        iptcCode: row.iptcCode as string,
        parentId: nullableInt(row.parentId),
        keywords: json<string[]>(row.keywords, []),
      });
    default:
      throw new Error(`entity ${String(row.id)} has unknown kind ${String(row.kind)}`);
  }
}

/** Folds a name for lookup: Unicode-normalised, accents and case removed, one space between words. */
export function nameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Latin letters that Unicode decomposition does not reduce to ASCII. */
const LATIN_EXTRAS: Record<string, string> = { ı: "i", ł: "l", ø: "o", ß: "ss", æ: "ae", œ: "oe", đ: "d", ð: "d", þ: "th", ŀ: "l", ħ: "h" };

/** URL-safe slug: lowercase ASCII words joined by hyphens ("Recep Tayyip Erdoğan" → "recep-tayyip-erdogan"). */
export function slugify(text: string): string {
  return nameKey(text)
    .replace(/[ıłøßæœđðþŀħ]/g, (c) => LATIN_EXTRAS[c])
    .replace(/'/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
