import { ChildEntity, Column, Index, JoinColumn, ManyToOne } from "typeorm";
import { Directive, Field, ObjectType } from "type-graphql";
import { EntityBase, EntityKind } from "../entity/entity.entity";
import { Node } from "../relay/node.interface";
import { Country } from "../country/country.entity";
import type { NodeTypeName } from "../relay/global-id";
import { cacheFor, MaxAge } from "../cache/cache-control";

/** A person articles mention: a head of state, a minister, anyone named in the news. */
@ChildEntity(EntityKind.PERSON)
// Serves Country.people (a country's people by slug) and the foreign key's ON DELETE SET NULL.
@Index("IDX_entity_nationality", ["nationalityId", "slug", "id"])
@Directive(cacheFor(MaxAge.ENTITY))
@ObjectType("Person", { implements: [Node, EntityBase], description: "A person mentioned in articles." })
export class Person extends EntityBase {
  override get nodeType(): NodeTypeName {
    return "Person";
  }

  @Index("UQ_entity_wikidata", { unique: true })
  @Column({ type: "varchar", length: 32, nullable: true })
  @Field(() => String, { nullable: true, description: "Wikidata item id (e.g. `Q7747`), when known." })
  wikidataId!: string | null;

  @Column({ type: "integer", nullable: true })
  nationalityId!: number | null;

  @ManyToOne(() => Country, { onDelete: "SET NULL", nullable: true })
  @JoinColumn({ name: "nationalityId" })
  nationality?: Country | null;
}
