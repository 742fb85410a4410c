import fs from "node:fs";
import path from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import { PROJECT_ROOT } from "../config";
import { Country } from "../country/country.entity";
import { EntityBase } from "../entity/entity.entity";
import { slugify } from "../entity/entity.rows";
import { writeEntityNames } from "../entity/entity.service";
import { Person } from "../person/person.entity";
import { Topic } from "../topic/topic.entity";
import { Ingestor, type IngestStatus } from "../ingest/ingest.service";
import { parseScrapedPage } from "../ingest/page-parser";
import { countrySeeds } from "./countries";
import { PEOPLE } from "./data/people";
import { TOPICS } from "./data/topics";

/** Folder of the sample pages loaded into a new database. */
export const SAMPLE_PAGES_DIR = path.join(PROJECT_ROOT, "src", "seed", "pages");

/** What seeding did. */
export interface SeedReport {
  countries: number;
  topics: number;
  people: number;
  articles: Record<IngestStatus, number>;
}

async function saveAll<T extends EntityBase>(manager: EntityManager, entities: T[]): Promise<T[]> {
  const saved = await manager.save(entities, { chunk: 200 });
  await writeEntityNames(manager, saved);
  return saved;
}

/** Loads countries, the IPTC topic tree and the starter people into an empty entity table, in one transaction. */
export async function seedReferenceData(db: DataSource): Promise<Omit<SeedReport, "articles">> {
  return db.transaction(async (manager) => {
    const countries = await saveAll(manager, countrySeeds().map((c) => Object.assign(new Country(), c, { mentionCount: 0 })));
    const countryByCode = new Map(countries.map((c) => [c.code, c]));

    const topicByCode = new Map<string, Topic>();
    for (const seed of TOPICS) {
      // Parents precede children in TOPICS, so each parent already has its id.
      const parent = seed.parentCode ? topicByCode.get(seed.parentCode) : null;
      if (seed.parentCode && !parent) throw new Error(`topic ${seed.iptcCode} names unknown parent ${seed.parentCode}`);
      const topic = Object.assign(new Topic(), {
        slug: seed.slug,
        name: seed.name,
        aliases: [],
        description: null,
        iptcCode: seed.iptcCode,
        parentId: parent?.id ?? null,
        keywords: seed.keywords,
        mentionCount: 0,
      });
      const [saved] = await saveAll(manager, [topic]);
      topicByCode.set(seed.iptcCode, saved);
    }

    const people = PEOPLE.map((p) => {
      const nationality = countryByCode.get(p.nationality);
      if (!nationality) throw new Error(`${p.name}: unknown nationality ${p.nationality}`);
      return Object.assign(new Person(), {
        slug: slugify(p.name),
        name: p.name,
        aliases: p.aliases,
        description: p.description,
        wikidataId: p.wikidataId,
        nationalityId: nationality.id,
        mentionCount: 0,
      });
    });
    await saveAll(manager, people);
    return { countries: countries.length, topics: topicByCode.size, people: people.length };
  });
}

/** Parses and ingests every sample page, linking it to the entities in the database. */
export async function seedSamplePages(db: DataSource, timeZone: string, dir = SAMPLE_PAGES_DIR): Promise<Record<IngestStatus, number>> {
  const ingestor = await Ingestor.open(db);
  const items = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((file) => ({ source: file, article: parseScrapedPage(fs.readFileSync(path.join(dir, file), "utf8"), timeZone) }));
  const counts: Record<IngestStatus, number> = { NEW: 0, UPDATED: 0, UNCHANGED: 0 };
  for (const outcome of (await ingestor.ingest(items)).outcomes) counts[outcome.status] += 1;
  return counts;
}

/**
 * Fills an empty database with reference data and the sample articles; a database that already has
 * entities is left as it is. Returns null when nothing was done.
 */
export async function seedIfEmpty(db: DataSource, timeZone: string): Promise<SeedReport | null> {
  const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM entity`);
  if (Number(n) > 0) return null;
  const reference = await seedReferenceData(db);
  return { ...reference, articles: await seedSamplePages(db, timeZone) };
}
