import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { IsOptional, IsUrl, Length, Matches, MaxLength } from "class-validator";
import { GraphQLDateTimeISO } from "graphql-scalars";
import { MAX_INPUT_BYTES } from "../ingest/input";
import { Article } from "./article.entity";

/** How the content of `ingestArticle` is written. */
export enum ArticleFormat {
  TEXT = "TEXT",
  HTML = "HTML",
  JSON = "JSON",
}
registerEnumType(ArticleFormat, {
  name: "ArticleFormat",
  description: "How the content given to `ingestArticle` is written.",
  valuesConfig: {
    TEXT: { description: "A scraped page's text: headline, standfirst, a byline with desk and date (\"EPN Desk 23 June 2025 11:15\"), body." },
    HTML: { description: "An HTML page; schema.org NewsArticle JSON-LD, OpenGraph and <meta> supply headline, date, author and canonical URL." },
    JSON: { description: "One JSON record: { url, headline, summary, body, desk, publishedAt, language }." },
  },
});

/** What ingesting did to the stored copy. */
export enum IngestStatus {
  NEW = "NEW",
  UPDATED = "UPDATED",
  UNCHANGED = "UNCHANGED",
}
registerEnumType(IngestStatus, {
  name: "IngestStatus",
  description: "What ingesting did to the stored copy of an article.",
  valuesConfig: {
    NEW: { description: "The article was not stored before." },
    UPDATED: { description: "The same article (same canonical URL, or same content without one) was stored and has been updated; its mentions were rebuilt." },
    UNCHANGED: { description: "An identical copy was already stored; nothing changed." },
  },
});

/** Input of `ingestArticle`. */
@InputType("IngestArticleInput", { description: "A page or record to parse, link and store, as the `newsgraph ingest` command would." })
export class IngestArticleInput {
  @Field(() => ArticleFormat, { description: "How `content` is written." })
  format!: ArticleFormat;

  @Field({ description: `The page or record itself (at most ${MAX_INPUT_BYTES / 1024 / 1024} MB).` })
  @Length(1, MAX_INPUT_BYTES)
  content!: string;

  @Field(() => String, { nullable: true, description: "Where the page was fetched from; used as its canonical URL when the content names none." })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ["http", "https"], require_protocol: true, require_tld: false })
  url?: string | null;
}

/** Result of `ingestArticle`. */
@ObjectType("IngestArticlePayload", { description: "Result of `ingestArticle`." })
export class IngestArticlePayload {
  @Field(() => Article, { description: "The stored article, with its mentions." })
  article!: Article;

  @Field(() => IngestStatus, { description: "Whether the article is new, was updated, or was already stored unchanged." })
  status!: IngestStatus;
}

/** Input of `updateArticle`: the fields to change. */
@InputType("UpdateArticleInput", { description: "Fields of an article to change; omitted fields keep their value. The article is re-linked." })
export class UpdateArticleInput {
  @Field(() => ID, { description: "Global id of the article." })
  id!: string;

  @Field(() => String, { nullable: true, description: "New headline." })
  @IsOptional()
  @Length(1, 1000)
  headline?: string | null;

  @Field(() => String, { nullable: true, description: "New standfirst; an empty string removes it." })
  @IsOptional()
  @MaxLength(5000)
  summary?: string | null;

  @Field(() => String, { nullable: true, description: "New body text (paragraphs separated by a blank line)." })
  @IsOptional()
  @Length(1, MAX_INPUT_BYTES)
  body?: string | null;

  @Field(() => String, { nullable: true, description: "New desk or author line; an empty string removes it." })
  @IsOptional()
  @MaxLength(200)
  desk?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "New publication instant." })
  @IsOptional()
  publishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "New canonical URL." })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ["http", "https"], require_protocol: true, require_tld: false })
  url?: string | null;

  @Field(() => String, { nullable: true, description: "New language, as a BCP 47 tag (`en`, `fr`, `pt-BR`)." })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Z]{2}|\d{3}))?$/)
  language?: string | null;
}

/** Result of `updateArticle`. */
@ObjectType("UpdateArticlePayload", { description: "Result of `updateArticle`." })
export class UpdateArticlePayload {
  @Field(() => Article, { description: "The article as it is now stored." })
  article!: Article;
}

/** Input of `deleteArticle`. */
@InputType("DeleteArticleInput", { description: "The article to delete." })
export class DeleteArticleInput {
  @Field(() => ID, { description: "Global id of the article." })
  id!: string;
}

/** Result of `deleteArticle`. */
@ObjectType("DeleteArticlePayload", { description: "Result of `deleteArticle`." })
export class DeleteArticlePayload {
  @Field(() => ID, { description: "Global id the deleted article had; clients can evict it from their caches." })
  deletedArticleId!: string;
}
