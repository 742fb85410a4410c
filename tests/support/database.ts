import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../../src/config";
import { migrate, openDatabase } from "../../src/db/data-source";

/** A migrated, empty database of its own for one test file, and how to throw it away. */
export interface TestDatabase {
  db: DataSource;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** Which database the suite runs on: PostgreSQL when TEST_DATABASE_URL is set, else SQLite. */
export const TEST_DIALECT = process.env.TEST_DATABASE_URL ? "postgres" : "sqlite";

/**
 * Creates a fresh database for one test file: a temporary SQLite file, or a new schema in the
 * PostgreSQL database of TEST_DATABASE_URL (put on the search path of every pooled connection),
 * then applies the migrations, exactly as `newsgraph migrate` does.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-test-"));
    const config: DatabaseConfig = { kind: "sqlite", file: path.join(dir, "test.sqlite") };
    const db = await openDatabase(config);
    await migrate(db);
    return {
      db,
      config,
      drop: async () => {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `ng_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const config: DatabaseConfig = { kind: "postgres", url, schema };
  const db = await openDatabase(config);
  await migrate(db);
  return {
    db,
    config,
    drop: async () => {
      await db.destroy();
      const cleanup = new Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA "${schema}" CASCADE`);
      await cleanup.end();
    },
  };
}
