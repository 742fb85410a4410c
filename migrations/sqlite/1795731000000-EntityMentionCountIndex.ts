import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Entities by how many articles mention them, of any kind and of each kind: "who is mentioned most with
 * X" first asks the most mentioned entities (an entity shares at most its own mentionCount of articles
 * with X), which settles the first page of a popular entity's co-mentions, and its facets, without
 * sorting all of its pairs (see topCoMentionsSql in src/mention/co-mention.ranking.ts).
 */
export class EntityMentionCountIndex1795731000000 implements MigrationInterface {
    name = 'EntityMentionCountIndex1795731000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_entity_mention_count" ON "entity" ("mentionCount", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_entity_kind_mention_count" ON "entity" ("kind", "mentionCount", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_entity_kind_mention_count"`);
        await queryRunner.query(`DROP INDEX "IDX_entity_mention_count"`);
    }

}
