import { Article } from "./article.entity";

/** Turns a raw `article` row (from `SELECT a.*`) into an Article, converting BIGINT instants to Dates. */
export function hydrateArticle(row: Record<string, unknown>): Article {
  return Object.assign(new Article(), {
    id: Number(row.id),
    slug: row.slug as string,
    url: (row.url as string | null) ?? null,
    headline: row.headline as string,
    summary: (row.summary as string | null) ?? null,
    body: row.body as string,
    desk: (row.desk as string | null) ?? null,
    deskKey: (row.deskKey as string | null) ?? null,
    language: row.language as string,
    wordCount: Number(row.wordCount),
    contentHash: row.contentHash as string,
    sourceKey: row.sourceKey as string,
    publishedAt: new Date(Number(row.publishedAt)),
    updatedAt: new Date(Number(row.updatedAt)),
  });
}
