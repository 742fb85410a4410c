import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * How often two entities are mentioned in the same article, kept up to date on every write (see
 * applyEdgeChanges) so that "who is mentioned most with X" reads X's pairs (one primary-key range,
 * at most one row per entity X ever appeared with) instead of aggregating all of X's articles.
 * Stored in both directions: (X, Y) and (Y, X). `weight` sums the other entity's salience in the
 * shared articles, in thousandths, to break ties by prominence.
 *
 * No foreign keys: each would lock the referenced entity rows on every pair change (PostgreSQL's
 * FOR KEY SHARE); pairs of a deleted entity fall to zero through applyEdgeChanges and are removed.
 * Deliberately no secondary index: a batch of 500 articles changes tens of thousands of pairs, and an
 * index on the counts would turn every change into a delete and an insert in that index; without
 * one, PostgreSQL updates rows in place (HOT) and SQLite (WITHOUT ROWID) touches one B-tree.
 */
@Entity("co_mention")
export class CoMention {
  @PrimaryColumn({ type: "integer" })
  entityId!: number;

  @PrimaryColumn({ type: "integer" })
  otherId!: number;

  /** Articles mentioning both. */
  @Column({ type: "integer" })
  count!: number;

  /** Sum over those articles of the other entity's salience, in thousandths. */
  @Column({ type: "integer" })
  weight!: number;
}
