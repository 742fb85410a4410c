import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Directive, Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { Article } from "../article/article.entity";
import { EntityBase } from "../entity/entity.entity";
import { epochMillis } from "../db/columns";
import { INHERIT_CACHE } from "../cache/cache-control";

/** How central an entity is to an article, after schema.org's `about` and `mentions`. */
export enum MentionRole {
  ABOUT = "ABOUT",
  MENTIONS = "MENTIONS",
}

registerEnumType(MentionRole, {
  name: "MentionRole",
  description: "How central an entity is to an article (schema.org `about` vs `mentions`).",
  valuesConfig: {
    ABOUT: { description: "The article is about this entity: it is in the headline or dominates the text." },
    MENTIONS: { description: "The article mentions this entity in passing." },
  },
});

/**
 * The edge between an article and an entity. `publishedAt` copies the article's date so that
 * "articles mentioning X, newest first" walks IDX_mention_entity_published without touching
 * `article`, and "mentioning X and Y" walks X's range while probing the primary key for Y.
 * PostgreSQL plans both as index scans (EXPLAIN: Index Only Scan Backward using
 * IDX_mention_entity_published, plus Index Only Scan using PK_mention for each EXISTS probe).
 */
@Entity("mention")
@Index("IDX_mention_entity_published", ["entityId", "publishedAt", "articleId"])
@Directive(INHERIT_CACHE)
@ObjectType("Mention", { description: "One entity as mentioned by one article." })
export class Mention {
  @PrimaryColumn({ type: "integer" })
  articleId!: number;

  @PrimaryColumn({ type: "integer" })
  entityId!: number;

  @ManyToOne(() => Article, { onDelete: "CASCADE" })
  @JoinColumn({ name: "articleId" })
  article?: Article;

  @ManyToOne(() => EntityBase, { onDelete: "CASCADE" })
  @JoinColumn({ name: "entityId" })
  entity?: EntityBase;

  @Column({ type: "bigint", transformer: epochMillis })
  publishedAt!: Date;

  @Column({ type: "integer" })
  @Field(() => Int, { description: "How many times the article names the entity (1 or more)." })
  count!: number;

  @Column({ type: "real" })
  @Field(() => Float, { description: "How central the entity is to the article, from 0 to 1; the headline and first paragraph weigh most." })
  salience!: number;

  @Column({ type: "varchar", length: 8 })
  @Field(() => MentionRole, { description: "Whether the article is about the entity or only mentions it." })
  role!: MentionRole;
}
