import { spawn } from "node:child_process";
import path from "node:path";
import type { DatabaseConfig } from "../../src/config";

/** The compiled command line, as `npx newsgraph` runs it (this file runs from dist/tests/support). */
export const CLI = path.resolve(__dirname, "..", "..", "src", "cli.js");

/**
 * The DATABASE_URL that points a child process at a test database: the SQLite file, or the
 * PostgreSQL URL with the test's schema put on the search path through libpq's `options` parameter
 * (`?options=-c%20search_path%3D<schema>`), which node-postgres reads from the connection string.
 */
export function databaseUrlOf(config: DatabaseConfig): string {
  if (config.kind === "sqlite") return `sqlite:${config.file}`;
  if (!config.schema) return config.url;
  const separator = config.url.includes("?") ? "&" : "?";
  return `${config.url}${separator}options=${encodeURIComponent(`-c search_path=${config.schema}`)}`;
}

/** What one run of the command line did. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
  startedAt: number;
  endedAt: number;
}

/** Options of runCli. */
export interface CliOptions {
  /** The database the command works on (sets DATABASE_URL). */
  database?: DatabaseConfig;
  /** Written to the child's standard input, which is then closed. */
  input?: string;
  /** Working directory (default: this process's). */
  cwd?: string;
  /** Killed after this many milliseconds (default 120 s) so a hung child fails the test instead of the suite. */
  timeoutMs?: number;
}

/**
 * Starts `node dist/src/cli.js <args>` with piped (non-TTY) standard streams and resolves when it
 * exits. The child starts synchronously, so two calls in a row start two processes at once.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (options.database) env.DATABASE_URL = databaseUrlOf(options.database);
  const startedAt = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on("error", () => undefined); // a child that exits before reading its input
  child.stdin.end(options.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const endedAt = Date.now();
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        ms: endedAt - startedAt,
        startedAt,
        endedAt,
      });
    });
  });
}

/** The counts of an ingest summary line ("… 3 new, 0 updated, 1 unchanged, 4 rejected; …"). */
export interface SummaryCounts {
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** Reads the counts from the summary line of `newsgraph ingest`; fails when there is no such line. */
export function summaryCounts(stdout: string): SummaryCounts {
  const match = /(\d+) new, (\d+) updated, (\d+) unchanged, (\d+) rejected/.exec(stdout);
  if (!match) throw new Error(`no summary line in the output of newsgraph ingest:\n${stdout}`);
  const [created, updated, unchanged, rejected] = match.slice(1).map(Number);
  return { new: created, updated, unchanged, rejected };
}

/** A run's output, for assertion messages. */
export function describeRun(run: CliRun): string {
  return `exit ${run.code}${run.signal ? ` (${run.signal})` : ""} after ${run.ms} ms\n--- stdout\n${run.stdout.slice(-4000)}\n--- stderr\n${run.stderr.slice(-4000)}`;
}
