import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig, PROJECT_ROOT } from "../../src/config";

/** Environment values that must stop start-up, each with the variable its message must name first. */
const WRONG_VALUES: [string, string][] = [
  ["PORT", "http"],
  ["PORT", "70000"],
  ["DATABASE_URL", "mysql://db/news"],
  ["DATABASE_URL", "sqlite:"],
  ["PUBLISHER_TIME_ZONE", "Mars/Olympus"],
  ["NEWSGRAPH_QUERY_STATS", "yes"],
  ["NEWSGRAPH_QUIET", "on"],
  ["NEWSGRAPH_LOG_SQL_ERRORS", "2"],
  ["NEWSGRAPH_INTROSPECTION", "off"],
  ["NEWSGRAPH_SANDBOX", "no"],
  ["NEWSGRAPH_REQUEST_TIMEOUT_MS", "10s"],
  ["NEWSGRAPH_REQUEST_TIMEOUT_MS", "-1"],
  ["NEWSGRAPH_REQUEST_TIMEOUT_MS", "1.5"],
  ["NEWSGRAPH_STATEMENT_TIMEOUT_MS", "5 000"],
  ["NEWSGRAPH_STATEMENT_TIMEOUT_MS", "999999999"],
  ["NEWSGRAPH_DB_CONNECT_TIMEOUT_MS", "forever"],
  ["NEWSGRAPH_SHUTDOWN_TIMEOUT_MS", "1e4"],
  ["LOG_LEVEL", "verbose"],
  ["NEWSGRAPH_JWT_SECRET", "too-short"],
  ["NEWSGRAPH_JWKS_URL", "ftp://idp/keys"],
  ["REDIS_URL", "localhost:6379"],
  ["NEWSGRAPH_TRUST_PROXY", "true"],
  ["NEWSGRAPH_TRUST_PROXY", "proxy.internal"],
  ["NEWSGRAPH_TRUST_PROXY", "10.0.0.0/33"],
  ["NEWSGRAPH_TRUST_PROXY", "loopback, 10.0.0.1/8/2"],
];

describe("configuration from the environment", () => {
  it("stops on every wrong value with a ConfigError that names the variable", () => {
    for (const [name, value] of WRONG_VALUES) {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${name}: `),
        `${name}=${value}`,
      );
    }
  });

  it("keeps introspection and the Sandbox on by default, also in production, and lets each be switched off", () => {
    for (const env of [{}, { NODE_ENV: "production" }]) {
      const config = loadConfig(env);
      assert.deepEqual([config.introspection, config.sandbox], [true, true], JSON.stringify(env));
    }
    const off = loadConfig({ NODE_ENV: "production", NEWSGRAPH_INTROSPECTION: "0", NEWSGRAPH_SANDBOX: "false" });
    assert.deepEqual([off.introspection, off.sandbox], [false, false]);
  });

  it("gives requests a 10 s deadline and statements the same limit unless each is set", () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.requestTimeoutMs, defaults.statementTimeoutMs], [10_000, 10_000]);
    assert.deepEqual([defaults.dbConnectTimeoutMs, defaults.shutdownTimeoutMs, defaults.logLevel], [60_000, 30_000, "info"]);
    const shorter = loadConfig({ NEWSGRAPH_REQUEST_TIMEOUT_MS: "2500" });
    assert.deepEqual([shorter.requestTimeoutMs, shorter.statementTimeoutMs], [2_500, 2_500]);
    const own = loadConfig({ NEWSGRAPH_REQUEST_TIMEOUT_MS: "0", NEWSGRAPH_STATEMENT_TIMEOUT_MS: "800" });
    assert.deepEqual([own.requestTimeoutMs, own.statementTimeoutMs], [0, 800]);
  });

  it("trusts no proxy unless told how many hops or which addresses", () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ NEWSGRAPH_TRUST_PROXY: "0" }).trustProxy, false);
    assert.equal(loadConfig({ NEWSGRAPH_TRUST_PROXY: "2" }).trustProxy, 2);
    assert.deepEqual(loadConfig({ NEWSGRAPH_TRUST_PROXY: "loopback, 10.0.0.0/8,2001:db8::/32" }).trustProxy, ["loopback", "10.0.0.0/8", "2001:db8::/32"]);
  });

  it("accepts every pino level in any case for LOG_LEVEL", () => {
    for (const level of ["trace", "DEBUG", "Info", "warn", "error", "fatal", "silent"]) {
      assert.equal(loadConfig({ LOG_LEVEL: level }).logLevel, level.toLowerCase());
    }
  });

  it("is the only module that reads process.env", () => {
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts") && /process\.env/.test(fs.readFileSync(file, "utf8"))) readers.push(path.relative(PROJECT_ROOT, file));
      }
    };
    walk(path.join(PROJECT_ROOT, "src"));
    assert.deepEqual(readers, [path.join("src", "config.ts")]);
  });
});
