import { Column, Entity, Index, PrimaryGeneratedColumn, TableInheritance } from "typeorm";
import { Directive, Field, Int, InterfaceType } from "type-graphql";
import { Node } from "../relay/node.interface";
import type { NodeTypeName } from "../relay/global-id";
import { epochMillis } from "../db/columns";
import { cacheFor, MaxAge } from "../cache/cache-control";

/** Kinds of entity an article can mention; the discriminator of the `entity` table. */
export enum EntityKind {
  PERSON = "PERSON",
  COUNTRY = "COUNTRY",
  TOPIC = "TOPIC",
}

/** Whether an editor has confirmed an entity; people found in articles start UNVERIFIED. */
export enum EntityStatus {
  VERIFIED = "VERIFIED",
  UNVERIFIED = "UNVERIFIED",
}

/**
 * Something articles mention: a person, a country or a topic. All kinds share one table (single-table
 * inheritance) so that one `mention` edge table, with a real foreign key, links articles to any of them,
 * and "mentions Putin AND Iran AND diplomacy" is one indexed query.
 */
@Entity("entity")
@TableInheritance({ column: { name: "kind", type: "varchar", length: 16 } })
@Index("UQ_entity_kind_slug", ["kind", "slug"], { unique: true })
@Index("IDX_entity_mention_count", ["mentionCount", "id"])
@Index("IDX_entity_kind_mention_count", ["kind", "mentionCount", "id"])
@Directive(cacheFor(MaxAge.ENTITY))
@InterfaceType("Entity", {
  implements: Node,
  description: "Something articles mention: a Person, a Country or a Topic.",
})
export abstract class EntityBase extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 16 })
  kind!: EntityKind;

  abstract override get nodeType(): NodeTypeName;

  @Column({ type: "varchar", length: 200 })
  @Field({ description: "URL-safe name, unique among entities of the same kind: lowercase ASCII words joined by hyphens (`vladimir-putin`)." })
  slug!: string;

  @Column({ type: "varchar", length: 200 })
  @Field({ description: "Display name (`Vladimir Putin`, `Iran`, `diplomacy`)." })
  name!: string;

  @Column({ type: "simple-json" })
  @Field(() => [String], { description: "Other names articles use for this entity; `mentioning` filters accept them too." })
  aliases!: string[];

  @Column({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "One line on who or what this is." })
  description!: string | null;

  @Column({ type: "varchar", length: 16, default: EntityStatus.VERIFIED })
  @Field(() => EntityStatus, { description: "VERIFIED for reference data and entities an editor confirmed; UNVERIFIED for people newsgraph found in articles by itself." })
  status!: EntityStatus;

  /** When names or details last changed; linkers rebuild their gazetteer when this moves. */
  @Column({ type: "bigint", transformer: epochMillis, default: 0 })
  updatedAt!: Date;

  /** Number of articles that mention this entity, kept up to date whenever mentions change. */
  @Column({ type: "integer", default: 0 })
  @Field(() => Int, { description: "Number of articles that mention this entity." })
  mentionCount!: number;
}
