import { after, before } from "node:test";
import { loadConfig, type Config } from "../../src/config";
import { seedIfEmpty } from "../../src/seed/seed.service";
import { startServer, type RunningServer } from "../../src/server";
import { createTestDatabase, type TestDatabase } from "./database";

/** A GraphQL response as a client receives it. */
export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: { queryStats?: { sqlStatements: number } };
}

/** A started server on a migrated database loaded with the sample data, for end-to-end tests. */
export interface TestServer {
  database: TestDatabase;
  server: RunningServer;
  /** Sends one operation over HTTP, as a client would. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
}

/**
 * Starts a server for the current test file (before its tests, stopped after them). `prepare` may
 * add data after the sample data is loaded.
 */
export function useTestServer(prepare?: (database: TestDatabase) => Promise<void>, overrides: Partial<Config> = {}): TestServer {
  const handle = {} as TestServer;
  before(async () => {
    const database = await createTestDatabase();
    await seedIfEmpty(database.db, "UTC");
    if (prepare) await prepare(database);
    const defaults = loadConfig({});
    // Tests send pages of 100 with nested relations, quickly, from one address: every operation is still
    // priced, but only tests that pass `limits` (tests/e2e/limits.e2e.test.ts) meet a ceiling or a bucket.
    const limits = { ...defaults.limits, maxCost: Number.MAX_SAFE_INTEGER, rateLimit: null };
    // Tests write behind the API's back (fixtures, direct ingestion): only cache tests opt into the response cache.
    const config: Config = { ...defaults, exposeQueryStats: true, logLevel: "silent", responseCache: false, limits, ...overrides };
    const server = await startServer(config, database.db, 0);
    handle.database = database;
    handle.server = server;
    handle.gql = async (query, variables, headers = {}) => {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse;
    };
  });
  after(async () => {
    await handle.server?.stop();
    await handle.database?.drop();
  });
  return handle;
}
