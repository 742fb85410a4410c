import { Article } from "./article.entity";

/**
 * The columns of `article` that lists select: all but `body`. A page of 20 articles would otherwise
 * carry some 50 KB of text that list views (headlines, dates, summaries) never show; a body a client
 * does ask for is read by the articleBody loader, one statement for every article at that level.
 */
export function articleListColumns(alias: string): string {
  return LIST_COLUMNS.map((column) => `${alias}."${column}"`).join(", ");
}

const LIST_COLUMNS = ["id", "slug", "url", "headline", "summary", "desk", "deskKey", "language", "wordCount", "contentHash", "sourceKey", "publishedAt", "updatedAt"];

/**
 * Turns a raw `article` row (from `SELECT a.*`, or articleListColumns without the body) into an
 * Article, converting BIGINT instants to Dates.
 */
export function hydrateArticle(row: Record<string, unknown>): Article {
  return Object.assign(new Article(), {
    id: Number(row.id),
    slug: row.slug as string,
    url: (row.url as string | null) ?? null,
    headline: row.headline as string,
    summary: (row.summary as string | null) ?? null,
    body: (row.body as string | undefined) ?? null,
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
