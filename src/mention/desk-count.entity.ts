import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * How many of an entity's articles each desk published, kept up to date on every write (see
 * applyEdgeChanges), so the desk facet of an entity's articles ("Iran stories by desk") reads one
 * primary-key range instead of grouping every one of the entity's articles (1.1 s for a country in
 * 62% of a million articles). `deskKey` is the article's folded desk; the label shown comes from an
 * article of that desk. Like co_mention: no foreign keys and no secondary index, and rows whose count
 * falls to zero are removed.
 */
@Entity("entity_desk")
export class EntityDesk {
  @PrimaryColumn({ type: "integer" })
  entityId!: number;

  @PrimaryColumn({ type: "varchar", length: 200 })
  deskKey!: string;

  /** The entity's articles from this desk. */
  @Column({ type: "integer" })
  count!: number;
}
