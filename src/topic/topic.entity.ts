import { ChildEntity, Column, Index, JoinColumn, ManyToOne } from "typeorm";
import { Directive, Field, ObjectType } from "type-graphql";
import { EntityBase, EntityKind } from "../entity/entity.entity";
import { Node } from "../relay/node.interface";
import type { NodeTypeName } from "../relay/global-id";
import { cacheFor, MaxAge } from "../cache/cache-control";

/** A subject from the IPTC Media Topics vocabulary, arranged as a tree. */
@ChildEntity(EntityKind.TOPIC)
@Directive(cacheFor(MaxAge.ENTITY))
@ObjectType("Topic", { implements: [Node, EntityBase], description: "A subject from the IPTC Media Topics tree." })
export class Topic extends EntityBase {
  override get nodeType(): NodeTypeName {
    return "Topic";
  }

  @Index("UQ_entity_iptc", { unique: true })
  @Column({ type: "varchar", length: 8, nullable: true })
  @Field({ description: "IPTC Media Topic code (`20000639` for diplomacy); see https://cv.iptc.org/newscodes/mediatopic/." })
  iptcCode!: string;

  @Index("IDX_entity_parent")
  @Column({ type: "integer", nullable: true })
  parentId!: number | null;

  @ManyToOne(() => Topic, { onDelete: "SET NULL", nullable: true })
  @JoinColumn({ name: "parentId" })
  parent?: Topic | null;

  @Column({ type: "simple-json", nullable: true })
  @Field(() => [String], { description: "Words and phrases that link an article to this topic." })
  keywords!: string[];
}
