import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { Directive, Field, Int, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import { Node } from "../relay/node.interface";
import { epochMillis } from "../db/columns";
import type { NodeTypeName } from "../relay/global-id";
import { cacheFor, MaxAge } from "../cache/cache-control";

/**
 * A published story. Its links to people, countries and topics are Mention rows.
 * Index (published_at, id) serves "all articles, newest first" with keyset cursors.
 */
@Entity("article")
@Index("IDX_article_published", ["publishedAt", "id"])
@Index("IDX_article_desk_published", ["deskKey", "publishedAt", "id"])
@Directive(cacheFor(MaxAge.ARTICLE))
@ObjectType("Article", { implements: Node, description: "A published news story and the entities it mentions." })
export class Article extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  override get nodeType(): NodeTypeName {
    return "Article";
  }

  @Index("UQ_article_slug", { unique: true })
  @Column({ type: "varchar", length: 200 })
  @Field({ description: "URL-safe unique name, derived from the headline (e.g. `iran-seeks-stronger-russian-support-as-foreign-minister-visits-moscow`)." })
  slug!: string;

  @Index("UQ_article_url", { unique: true })
  @Column({ type: "varchar", length: 2048, nullable: true })
  @Field(() => String, { nullable: true, description: "Canonical URL of the story on the publisher's site, when known." })
  url!: string | null;

  @Column({ type: "text" })
  @Field({ description: "The headline." })
  headline!: string;

  @Column({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "The standfirst: one or two sentences under the headline." })
  summary!: string | null;

  /** The text; null on an article read for a list, which leaves it out (see ArticleResolver.body). */
  @Column({ type: "text" })
  body!: string | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: "The desk or author line the story is credited to (e.g. \"EPN Desk\")." })
  desk!: string | null;

  /** `desk` folded like names (case and accents removed), so the desk filter is exact and indexed on both databases. */
  @Column({ type: "varchar", length: 200, nullable: true })
  deskKey!: string | null;

  @Column({ type: "varchar", length: 16, default: "en" })
  @Field({ description: "Language of the text as a BCP 47 tag (e.g. `en`)." })
  language!: string;

  @Column({ type: "integer" })
  @Field(() => Int, { description: "Number of words in the body." })
  wordCount!: number;

  /**
   * What makes two ingested copies the same article: `url:<canonical url>`, or `sha256:<content hash>`
   * when there is no URL. Unique, so concurrent ingestion upserts rather than duplicates.
   */
  @Index("UQ_article_source_key", { unique: true })
  @Column({ type: "varchar", length: 2100 })
  sourceKey!: string;

  @Index("IDX_article_content_hash")
  @Column({ type: "varchar", length: 64 })
  contentHash!: string;

  @Column({ type: "bigint", transformer: epochMillis })
  @Field(() => GraphQLDateTimeISO, { description: "When the story was first published." })
  publishedAt!: Date;

  @Column({ type: "bigint", transformer: epochMillis })
  @Field(() => GraphQLDateTimeISO, { description: "When the story was last changed in newsgraph." })
  updatedAt!: Date;
}
