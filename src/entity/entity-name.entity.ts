import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { EntityBase } from "./entity.entity";

/**
 * Lookup of every name an entity answers to (name, aliases, slug), folded to lower case, so that
 * `mentioning: ["putin"]` is one index probe. Rewritten whenever the entity's names change.
 */
@Entity("entity_name")
@Index("IDX_entity_name_entity", ["entityId"])
export class EntityName {
  @PrimaryColumn({ type: "varchar", length: 200 })
  key!: string;

  @PrimaryColumn({ type: "integer" })
  entityId!: number;

  @ManyToOne(() => EntityBase, { onDelete: "CASCADE" })
  @JoinColumn({ name: "entityId" })
  entity?: EntityBase;
}
