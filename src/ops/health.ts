import { Router } from "express";
import type { DataSource } from "typeorm";
import { classifyDatabaseFailure } from "../errors/infrastructure";

/** Why the instance is not ready, as /readyz reports it. */
export interface Readiness {
  ready: boolean;
  reason?: string;
  pendingMigrations?: string[];
}

/** Longest a readiness check waits for the database before calling it unreachable. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Whether `db` answers `SELECT 1` and has every migration this build ships applied. Reads the
 * migrations table with one query (rather than TypeORM's showMigrations, which may create that table
 * and keeps its connection when a query fails), so it is cheap enough to poll every second.
 */
export async function checkReadiness(db: DataSource): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: `database did not answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  const check = async (): Promise<Readiness> => {
    try {
      await db.query("SELECT 1");
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return { ready: false, reason: `database unreachable${typeof code === "string" ? ` (${code})` : ""}` };
    }
    let applied: Set<string>;
    try {
      const table = db.driver.escape(db.options.migrationsTableName ?? "migrations");
      applied = new Set((await db.query(`SELECT name FROM ${table}`)).map((row: { name: string }) => row.name));
    } catch (error) {
      if (classifyDatabaseFailure(error)) return { ready: false, reason: "database unreachable" };
      applied = new Set();
    }
    const pending = db.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
    return pending.length ? { ready: false, reason: "migrations pending", pendingMigrations: pending } : { ready: true };
  };
  try {
    return await Promise.race([check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /healthz`: 200 while the process runs (a liveness probe; it touches nothing). `GET /readyz`:
 * 200 when the database is reachable and migrated and the instance is not shutting down, else 503 with
 * the reason in JSON (a readiness probe). Concurrent probes share one check.
 */
export function healthRoutes(db: DataSource, isStopping: () => boolean): Router {
  const router = Router();
  let inFlight: Promise<Readiness> | null = null;
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    let readiness: Readiness;
    if (isStopping()) readiness = { ready: false, reason: "shutting down" };
    else {
      inFlight ??= checkReadiness(db).finally(() => {
        inFlight = null;
      });
      readiness = await inFlight;
    }
    const { ready, ...details } = readiness;
    res.status(ready ? 200 : 503).set("cache-control", "no-store").json({ status: ready ? "ready" : "unavailable", ...details });
  });
  return router;
}
