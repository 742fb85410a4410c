import { createHash } from "node:crypto";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import { Article } from "../article/article.entity";
import { EntityKind } from "../entity/entity.entity";
import { hydrateEntity, slugify } from "../entity/entity.rows";
import type { Country } from "../country/country.entity";
import type { Topic } from "../topic/topic.entity";
import { replaceMentions } from "../mention/mention.service";
import { Linker, type SurfaceForm } from "./linker";
import type { ParsedArticle } from "./page-parser";

/** What ingesting one article did. */
export type IngestStatus = "NEW" | "UPDATED" | "UNCHANGED";

/** Capitals that are also common first names or ordinary words; they never stand for their country. */
const AMBIGUOUS_CAPITALS = new Set(["Victoria", "Kingston", "Hamilton", "Malé", "Male", "Georgetown", "Jamestown", "Kingstown", "Stanley", "Plymouth", "The Valley", "Road Town", "Adamstown", "Alofi"]);

/** Surface forms of every entity in the database, for building a Linker. */
export async function loadSurfaceForms(db: DataSource | EntityManager): Promise<SurfaceForm[]> {
  const rows: Record<string, unknown>[] = await db.query(`SELECT * FROM entity`);
  const forms: SurfaceForm[] = [];
  for (const entity of rows.map(hydrateEntity)) {
    const add = (text: string | null | undefined, caseSensitive = true) => {
      if (text) forms.push({ text, entityId: entity.id, caseSensitive });
    };
    if (entity.kind === EntityKind.TOPIC) {
      for (const keyword of (entity as Topic).keywords) add(keyword, false);
      continue;
    }
    add(entity.name);
    entity.aliases.forEach((alias) => add(alias));
    if (entity.kind === EntityKind.COUNTRY) {
      const country = entity as Country;
      for (const demonym of country.demonyms) {
        add(demonym);
        if (/[an]$/.test(demonym)) add(`${demonym}s`);
      }
      // A capital names its government in news copy ("Tehran said…").
      if (country.capital && !AMBIGUOUS_CAPITALS.has(country.capital)) add(country.capital);
    }
  }
  return forms;
}

/** A Linker over every entity now in the database. */
export async function buildLinker(db: DataSource | EntityManager): Promise<Linker> {
  return new Linker(await loadSurfaceForms(db));
}

/** Identity of an article's content, for recognising a re-ingested copy without a URL. */
export function contentHash(parsed: Pick<ParsedArticle, "headline" | "body">): string {
  return createHash("sha256").update(`${parsed.headline}\n${parsed.body}`).digest("hex");
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** A slug from the headline not yet used by another article. */
async function freeSlug(manager: EntityManager, headline: string, ownId: number | null): Promise<string> {
  const base = slugify(headline).slice(0, 120).replace(/-+$/, "") || "article";
  for (let n = 1; ; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await manager.findOne(Article, { where: { slug }, select: { id: true } });
    if (!taken || taken.id === ownId) return slug;
  }
}

/**
 * Stores one parsed article with its mentions, in one transaction. The same canonical URL, or the
 * same content when there is no URL, updates the stored copy in place; its mention edges are
 * replaced, never duplicated.
 */
export async function ingestArticle(db: DataSource, parsed: ParsedArticle, linker: Linker): Promise<{ article: Article; status: IngestStatus }> {
  const hash = contentHash(parsed);
  return db.transaction(async (manager) => {
    const existing = await manager.findOne(Article, { where: parsed.url ? { url: parsed.url } : { contentHash: hash, url: IsNull() } });
    const same =
      existing &&
      existing.contentHash === hash &&
      existing.summary === parsed.summary &&
      existing.desk === parsed.desk &&
      existing.publishedAt.getTime() === parsed.publishedAt.getTime();
    if (existing && same) return { article: existing, status: "UNCHANGED" as const };
    const article = existing ?? new Article();
    Object.assign(article, {
      slug: existing && existing.headline === parsed.headline ? existing.slug : await freeSlug(manager, parsed.headline, existing?.id ?? null),
      url: parsed.url,
      headline: parsed.headline,
      summary: parsed.summary,
      body: parsed.body,
      desk: parsed.desk,
      language: parsed.language,
      wordCount: wordCount(parsed.body),
      contentHash: hash,
      publishedAt: parsed.publishedAt,
      updatedAt: new Date(),
    });
    const saved = await manager.save(Article, article);
    await replaceMentions(manager, saved, linker.link(saved));
    return { article: saved, status: existing ? ("UPDATED" as const) : ("NEW" as const) };
  });
}
