/**
 * Fuzzing the GraphQL endpoint: operations generated from the schema, with arguments of the right and
 * the wrong types, and raw garbage requests, sent over HTTP to a started server. Whatever a client
 * sends, newsgraph must answer with JSON carrying `data` and/or coded `errors`, never a 5xx other than
 * 503, never an internal error, never a stack trace, SQL text or file path, and it must stay up.
 *
 * The runs are bounded and seeded, so a failure is reproducible:
 *   FUZZ_RUNS=5000 node --test dist/tests/e2e/fuzz.e2e.test.js     # more cases (default 400 + 200)
 *   FUZZ_SEED=123 node --test dist/tests/e2e/fuzz.e2e.test.js       # another seed (default 20250711)
 * fast-check's failure message gives the seed, the path to the counterexample, the request shrunk to
 * a small one that still fails, and the response.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc, { type GeneratorValue } from "fast-check";
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { PROJECT_ROOT } from "../../src/config";
import { buildNewsgraphSchema } from "../../src/schema";
import { TEST_DIALECT } from "../support/database";
import { useTestServer } from "../support/server";
import { bearer, TEST_JWT_SECRET } from "../support/tokens";

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20250711);

/** Codes a client may see in `extensions.code`: newsgraph's own and those of GraphQL request handling. */
const KNOWN_CODES = new Set([
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "SERVICE_UNAVAILABLE",
  "TIMEOUT",
  "QUERY_TOO_LARGE",
  "TOO_MANY_TOKENS",
  "QUERY_TOO_DEEP",
  "TOO_MANY_ALIASES",
  "TOO_MANY_DIRECTIVES",
  "QUERY_TOO_COMPLEX",
  "RATE_LIMITED",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
]);

/** One HTTP request as the fuzzer sends it (printed by fast-check when a property fails). */
interface FuzzRequest {
  /** What a generated operation is, to tally how many of each were answered. */
  operation?: "query" | "mutation";
  method: string;
  /** Appended to the endpoint's URL: `?query=…` for GET. */
  search?: string;
  headers: Record<string, string>;
  body?: string;
}

const gid = (type: string, key: string | number) => Buffer.from(`${type}:${key}`).toString("base64url");
const b64 = (text: string) => Buffer.from(text).toString("base64url");

/** Values drawn from the seeded archive, so that generated operations also reach real rows. */
interface Pools {
  ids: string[];
  cursors: string[];
  strings: string[];
}

const MALFORMED_IDS = [
  "",
  "nonsense",
  "Article:1",
  gid("Article", -1),
  gid("Article", 0),
  gid("Article", "1.5"),
  gid("Article", "1e3"),
  gid("Article", ""),
  gid("Article", "99999999999999999999999999"),
  gid("Person", "2147483648"),
  gid("Spaceship", 1),
  gid("", 1),
  b64(":"),
  b64("Person:1:2"),
  Buffer.from("Person:1").toString("base64"),
  "%%%",
  "\u0000",
];

const FORGED_CURSORS = [
  "garbage",
  b64("[]"),
  b64("{}"),
  b64("null"),
  b64('["PUBLISHED_AT",1e308,1]'),
  b64('["PUBLISHED_AT","x","y"]'),
  b64('["PUBLISHED_AT",1752224400000,-1]'),
  b64('["CO",null,null,null]'),
  b64('["SLUG","a",1.5]'),
  b64('["RELEVANCE",1,2,3,4,5,6]'),
  b64("[".repeat(5000)),
];

const ODD_STRINGS = [
  "",
  " ",
  "\t\n",
  "Putin",
  "Vladimir Putin",
  "Iran",
  "IR",
  "ZZ",
  "nuclear talks",
  '"quoted phrase',
  "a OR b -c",
  "OR",
  "-",
  "*",
  "((( )))",
  "NEAR/3",
  "' OR '1'='1",
  "'; DROP TABLE article; --",
  "%",
  "_",
  "\\",
  "\u0000",
  "nul\u0000inside",
  "Владимир Путин",
  "Ωμέγα",
  "🇮🇷🇷🇺",
  "\u202eevil",
  "e\u0301\u0301\u0301",
  "ﷺ",
  "https://news.example/world/x",
  "<p>Lavrov met Araghchi in Moscow.</p>",
  "x".repeat(501),
  "word ".repeat(2000),
];

/**
 * Draws from fast-check's generator with small helpers, for building operations imperatively.
 * Numbers are drawn without fast-check's bias towards small values, which would turn every
 * "rarely" into "often".
 */
class Draw {
  constructor(private readonly g: GeneratorValue) {}

  chance(p: number): boolean {
    return this.int(0, 9999) < p * 10000;
  }
  int(min: number, max: number): number {
    return this.g(() => fc.noBias(fc.integer({ min, max })));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  string(): string {
    return this.g(() => fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "binary", maxLength: 20 }), fc.string({ maxLength: 10 })));
  }
  json(): unknown {
    return this.g(() => fc.jsonValue({ maxDepth: 2 }));
  }
}

/** A generated value: as JSON for `variables`, and as a GraphQL literal for inline arguments. */
interface Value {
  json: unknown;
  literal: string;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Prints any JSON value as a GraphQL literal (strings quoted, object keys as names when they can be). */
function literalOf(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(literalOf).join(", ")}]`;
  const fields = Object.entries(value as Record<string, unknown>)
    .filter(([key]) => NAME.test(key))
    .map(([key, v]) => `${key}: ${literalOf(v)}`);
  return `{${fields.join(", ")}}`;
}

const plain = (json: unknown): Value => ({ json, literal: literalOf(json) });

/**
 * Builds random operations from the schema, in three kinds. "Plausible" ones are valid GraphQL with
 * values a client would send (ids and names from the archive, small page sizes), so that they are
 * answered and reach deep into the graph. "Edgy" ones are valid GraphQL whose values sit at and past
 * the edges (out-of-range page sizes, malformed ids, forged cursors, odd and huge strings), for the
 * services' own validation. "Noisy" ones may also be wrong for GraphQL itself (unknown fields and
 * arguments, nulls for non-null, values of another type, undeclared variables, missing selections,
 * a truncated or corrupted document).
 */
class OperationBuilder {
  private readonly variables: Record<string, unknown> = {};
  private readonly declarations: string[] = [];
  private counter = 0;
  private readonly noisy: boolean;
  private readonly edgy: boolean;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly pools: Pools,
    private readonly d: Draw,
  ) {
    const kind = d.int(0, 99);
    this.noisy = kind < 35;
    this.edgy = kind < 70;
  }

  /** A mistake with probability `p`, in noisy operations only. */
  private mistake(p: number): boolean {
    return this.noisy && this.d.chance(p);
  }

  build(): { query: string; variables: Record<string, unknown>; kind: "query" | "mutation" } {
    const d = this.d;
    const mutation = d.chance(0.25);
    const root = (mutation ? this.schema.getMutationType() : this.schema.getQueryType()) as GraphQLObjectType;
    const body = this.selection(root, 0, d.int(1, 3));
    const header = this.declarations.length ? `(${this.declarations.join(", ")})` : "";
    let query = `${mutation ? "mutation" : "query"} Fuzz${header} ${body}`;
    if (!mutation && !header && d.chance(0.2)) query = body;
    if (this.mistake(0.1)) query = `${query}\nquery Other { __typename }`;
    if (this.mistake(0.1)) query = query.slice(0, d.int(0, query.length));
    if (this.mistake(0.1)) {
      const at = d.int(0, query.length);
      query = query.slice(0, at) + d.pick(["{", "}", "(", "$", "@skip", "...", '"', "#", "\u0000", "é"]) + query.slice(at);
    }
    return { query, variables: this.variables, kind: mutation ? "mutation" : "query" };
  }

  /**
   * A selection set of `count` fields (fewer the deeper it is) and, on interfaces, inline fragments.
   * A field selected twice gets an alias, so that clean operations never ask for conflicting fields.
   */
  private selection(type: GraphQLNamedType, depth: number, count = this.d.int(1, Math.max(1, 4 - depth)), used = new Set<string>()): string {
    const d = this.d;
    if (depth >= 5) return "{ __typename }";
    const parts: string[] = [];
    if (isObjectType(type) || isInterfaceType(type)) {
      const fields = Object.values(type.getFields());
      for (let i = 0; i < count; i++) parts.push(this.field(d.pick(fields), depth, used));
    }
    if (isAbstractType(type)) {
      for (const possible of this.schema.getPossibleTypes(type)) {
        if (d.chance(0.4)) parts.push(`... on ${possible.name} ${this.selection(possible, depth + 1, undefined, used)}`);
      }
    }
    if (!parts.length || d.chance(0.1)) parts.push("__typename");
    if (this.mistake(0.05)) parts.push(depth === 0 ? "noSuchRootField" : "noSuchField");
    return `{ ${parts.join(" ")} }`;
  }

  /** One field with arguments and, for objects, a selection set. */
  private field(field: GraphQLField<unknown, unknown>, depth: number, used: Set<string>): string {
    const alias = used.has(field.name) || this.mistake(0.1) ? `f${this.counter++}: ` : "";
    used.add(field.name);
    const args = this.arguments(field.args);
    const type = getNamedType(field.type);
    let selection = "";
    if (!isLeafType(type)) {
      selection = this.mistake(0.03) ? "" : ` ${this.selection(type, depth + 1)}`;
    } else if (this.mistake(0.02)) {
      selection = " { id }";
    }
    return `${alias}${field.name}${args}${selection}`;
  }

  private arguments(defs: readonly GraphQLArgument[]): string {
    const d = this.d;
    const parts: string[] = [];
    // Plausible operations follow the rules the schema states in words: one key of a lookup
    // (`person(id:)` or `person(slug:)`), `first` or `last`, rarely a cursor.
    const lookup = !this.edgy && defs.length > 0 && defs.every((arg) => ["id", "slug", "url", "code"].includes(arg.name));
    const lookupKey = lookup ? d.pick(defs).name : null;
    let paged = false;
    for (const arg of defs) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (lookup && arg.name !== lookupKey) continue;
      if (!this.edgy && (arg.name === "after" || arg.name === "before" || (arg.name === "last" && paged))) continue;
      if (required ? this.mistake(0.05) : !lookup && !d.chance(0.4)) continue;
      if (arg.name === "first") paged = true;
      const value = this.value(arg.type, 0);
      if (d.chance(0.4)) {
        const name = `v${this.counter++}`;
        let declared = String(arg.type);
        if (this.mistake(0.05)) declared = d.pick(["String", "Int!", "[ID]", "Boolean", "NoSuchType", "ArticleFilter"]);
        if (!this.mistake(0.03)) this.declarations.push(`$${name}: ${declared}`);
        if (!this.mistake(0.03)) this.variables[name] = value.json;
        parts.push(`${arg.name}: $${name}`);
      } else {
        parts.push(`${arg.name}: ${value.literal}`);
      }
    }
    if (this.mistake(0.02)) parts.push(`noSuchArgument: ${literalOf(d.json())}`);
    return parts.length ? `(${parts.join(", ")})` : "";
  }

  /** A value for an input type: of that type, with edge values; in noisy operations sometimes not. */
  private value(type: GraphQLInputType, depth: number): Value {
    const d = this.d;
    if (this.mistake(0.03)) return plain(d.json());
    if (isNonNullType(type)) return this.mistake(0.03) ? plain(null) : this.value(type.ofType, depth);
    if (d.chance(this.edgy ? 0.06 : 0.02)) return plain(null);
    if (isListType(type)) {
      if (d.chance(0.1)) return this.value(type.ofType, depth);
      const length = this.edgy && d.chance(0.05) ? d.pick([21, 101]) : d.int(0, 3);
      const items = Array.from({ length }, () => this.value(type.ofType, depth + 1));
      return { json: items.map((v) => v.json), literal: `[${items.map((v) => v.literal).join(", ")}]` };
    }
    if (isInputObjectType(type)) {
      if (depth > 3) return plain(null);
      const json: Record<string, unknown> = {};
      const literal: string[] = [];
      for (const field of Object.values(type.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (required ? this.mistake(0.05) : !d.chance(0.35)) continue;
        const v = this.value(field.type, depth + 1);
        json[field.name] = v.json;
        literal.push(`${field.name}: ${v.literal}`);
      }
      if (this.mistake(0.04)) {
        json.noSuchField = 1;
        literal.push("noSuchField: 1");
      }
      return { json, literal: `{${literal.join(", ")}}` };
    }
    if (isEnumType(type)) {
      const names = type.getValues().map((v) => v.name);
      const name = this.mistake(0.1) ? d.pick(["NO_SUCH_VALUE", names[0].toLowerCase(), "true", "null"]) : d.pick(names);
      return { json: name, literal: name };
    }
    return plain(this.scalar(type.name));
  }

  private scalar(name: string): unknown {
    const d = this.d;
    if (!this.edgy) return this.plausibleScalar(name);
    switch (name) {
      case "Int":
        if (this.mistake(0.2)) return d.pick([2147483648, -2147483649, 1e20, 1.5, "5", true]);
        return d.chance(0.6) ? d.int(0, 20) : d.pick([-1, 0, 1, 99, 100, 101, 1000, 2147483647, -2147483648]);
      case "Float":
        if (this.mistake(0.2)) return d.pick(["0.5", false, "NaN"]);
        return d.chance(0.6) ? d.int(0, 100) / 100 : d.pick([-1, 0, -0.5, 1.5, 1e308, -1e308, 2147483648]);
      case "Boolean":
        return this.mistake(0.2) ? d.pick([0, "true", "yes"]) : d.chance(0.5);
      case "ID":
        if (this.mistake(0.1)) return d.pick([1.5, true, -1]);
        if (d.chance(0.55) && this.pools.ids.length) return d.pick(this.pools.ids);
        if (d.chance(0.2)) return d.pick(this.pools.cursors);
        return d.chance(0.7) ? d.pick(MALFORMED_IDS) : d.chance(0.5) ? b64(d.string()) : d.int(-5, 5);
      case "DateTimeISO":
        if (this.mistake(0.3)) {
          return d.pick(["+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z", "2025-13-45T25:61:61Z", "2025-07-01", "yesterday", "", 0, 1e20]);
        }
        return d.pick(["2025-07-01T00:00:00Z", "2025-07-11T09:00:00.000+02:00", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"]);
      default: {
        // String, and any scalar the schema adds later.
        if (this.mistake(0.1)) return d.pick([1, 1.5, false, [], {}]);
        if (d.chance(0.35)) return d.pick(this.pools.strings);
        if (d.chance(0.35)) return d.pick(ODD_STRINGS);
        if (d.chance(0.2)) return d.chance(0.5) ? d.pick(this.pools.cursors) : d.pick(FORGED_CURSORS);
        if (d.chance(0.03)) return "ü".repeat(d.pick([10_000, 200_000]));
        return d.string();
      }
    }
  }

  private plausibleScalar(name: string): unknown {
    const d = this.d;
    switch (name) {
      case "Int":
        return d.int(0, 20);
      case "Float":
        return d.int(0, 100) / 100;
      case "Boolean":
        return d.chance(0.5);
      case "ID":
        return d.chance(0.9) ? d.pick(this.pools.ids) : d.pick(MALFORMED_IDS);
      case "DateTimeISO":
        return new Date(Date.UTC(2025, d.int(0, 11), d.int(1, 28))).toISOString();
      default:
        if (d.chance(0.2)) return d.pick(this.pools.cursors);
        return d.chance(0.8) ? d.pick(this.pools.strings) : d.string();
    }
  }
}

/** Sends a request and returns what a client would read. */
async function send(url: string, request: FuzzRequest): Promise<{ status: number; contentType: string; text: string }> {
  const res = await fetch(url + (request.search ?? ""), {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** Signs of internals leaking into what a client reads. */
const LEAKS: [string, RegExp][] = [
  ["a stack frame", /\bat (?:async )?\S+ \(|\bat \S+:\d+:\d+|\n\s+at /],
  ["SQL text", /\b(?:SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*\b(?:FROM|INTO|SET)\b|\bFROM "|SQLITE_|\bsyntax error at or near\b/],
  ["a file path", /node_modules|\/dist\/|\/src\/|\.[jt]s:\d+/],
  ["the project folder", new RegExp(PROJECT_ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))],
];

/**
 * What every response must be: a status below 500 (or 503), a JSON body with `data` and/or `errors`,
 * each error with a known code other than INTERNAL_SERVER_ERROR, and no internals in the messages.
 */
function assertWellFormed(request: FuzzRequest, response: { status: number; contentType: string; text: string }): { data?: unknown; errors?: { extensions: { code: string } }[] } {
  const context = `${request.method} ${(request.search ?? "").slice(0, 400)} ${JSON.stringify(request.headers)} ${(request.body ?? "").slice(0, 400)}\n→ ${response.status} ${response.contentType}\n${response.text.slice(0, 800)}`;
  assert.ok(response.status < 500 || response.status === 503, `5xx status\n${context}`);
  assert.match(response.contentType, /^application\/(?:graphql-response\+)?json\b/, `not a JSON response\n${context}`);
  let body: any;
  assert.doesNotThrow(() => (body = JSON.parse(response.text)), `body is not JSON\n${context}`);
  assert.ok(body && typeof body === "object" && !Array.isArray(body), `body is not an object\n${context}`);
  assert.ok("data" in body || "errors" in body, `body has neither data nor errors\n${context}`);
  if ("errors" in body) {
    assert.ok(Array.isArray(body.errors) && body.errors.length > 0, `errors is not a non-empty list\n${context}`);
    for (const error of body.errors) {
      assert.equal(typeof error.message, "string", `error without a message\n${context}`);
      const code = error.extensions?.code;
      assert.ok(typeof code === "string" && KNOWN_CODES.has(code), `error code ${JSON.stringify(code)} is not a client error code\n${context}`);
      assert.equal(error.extensions?.stacktrace, undefined, `error carries a stack trace\n${context}`);
    }
    const messages = body.errors.map((e: { message: string }) => e.message).join("\n");
    for (const [what, pattern] of LEAKS) assert.doesNotMatch(messages, pattern, `an error message shows ${what}\n${context}`);
  }
  return body;
}

/** Requests that are not GraphQL requests at all: broken JSON, wrong shapes, types, methods, URLs. */
function garbageRequest(): fc.Arbitrary<FuzzRequest> {
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=latin1",
    "application/json; charset=utf-16",
    "application/graphql",
    "application/graphql-response+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
  );
  const extra = fc.record(
    {
      accept: fc.constantFrom("application/json", "application/graphql-response+json", "*/*", "application/xml"),
      "apollo-require-preflight": fc.constant("true"),
      authorization: fc.constantFrom("Bearer x", "Basic abc", "Bearer ", "bearer a.b.c"),
    },
    { requiredKeys: [] },
  );
  const headersWith = (type: string, more: Record<string, string>) => ({ ...(type ? { "content-type": type } : {}), ...more });
  const query = fc.constantFrom("{ __typename }", "{ articles(first: 1) { totalCount } }", "query Q($n: Int) { articles(first: $n) { totalCount } }", "mutation { __typename }");
  const requestObject = fc.record(
    {
      query: fc.oneof(query, fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 })),
      variables: fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
      operationName: fc.oneof(fc.constantFrom("Q", "Nope", ""), fc.integer(), fc.constant(null)),
      extensions: fc.oneof(
        fc.constant(null),
        fc.string(),
        fc.record({ persistedQuery: fc.record({ version: fc.constantFrom(1, 2, "1"), sha256Hash: fc.oneof(fc.string(), fc.constant("ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38")) }, { requiredKeys: [] }) }),
      ),
    },
    { requiredKeys: [] },
  );
  const post = fc
    .tuple(
      fc.constantFrom("POST", "POST", "POST", "PUT", "PATCH", "DELETE"),
      contentType,
      extra,
      fc.oneof(
        requestObject.map((o) => JSON.stringify(o)),
        fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
        fc.string({ maxLength: 60 }),
        fc.string({ unit: "binary", maxLength: 60 }),
        requestObject.map((o) => JSON.stringify(o).slice(0, -1)),
        fc.constantFrom("", "{", "[{", "{}", "[]", '{"query":"{ __typename }"}', '[{"query":"{ __typename }"}]', '{"query":"{ __typename }",}', "\u0000", "\uFEFF{}"),
      ),
    )
    .map(([method, type, more, body]): FuzzRequest => ({ method, headers: headersWith(type, more), body }));
  const getRequest = fc
    .tuple(
      extra,
      fc.oneof(
        fc.dictionary(fc.constantFrom("query", "variables", "operationName", "extensions", "query[]", "x"), fc.string({ maxLength: 40 }), { maxKeys: 4 }).map((params) => `?${new URLSearchParams(params)}`),
        requestObject.map((o) => `?${new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, typeof v === "string" ? v : JSON.stringify(v)]))}`),
        fc.constantFrom("", "?", "?query", "?query=", "?%", "?%zz=1", "?query=%7B", "?query=%E0%A4%A", "?query={__typename}&query={__typename}", "?query=%00", `?query=${"{".repeat(3000)}`),
      ),
    )
    .map(([more, search]): FuzzRequest => ({ method: "GET", search, headers: more }));
  return fc.oneof({ arbitrary: post, weight: 3 }, { arbitrary: getRequest, weight: 1 });
}

describe(`fuzzing the GraphQL endpoint (${TEST_DIALECT})`, () => {
  const t = useTestServer(undefined, { auth: { jwtSecret: TEST_JWT_SECRET, jwksUrl: null, issuer: null, audience: null } });
  let schema: GraphQLSchema;
  let pools: Pools;
  let tokens: Record<string, Record<string, string>>;

  before(async () => {
    schema = await buildNewsgraphSchema();
    const res = await t.gql(`{
      articles(first: 5) { edges { cursor node { id slug url desk } } }
      people(first: 5) { edges { cursor node { id slug name coMentioned(first: 2) { edges { cursor } } } } }
      country(code: "IR") { id slug people(first: 2) { edges { cursor } } }
      topic(slug: "diplomacy") { id slug }
      trending(first: 2, window: WEEK) { edges { cursor } }
    }`);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const articles = res.data.articles.edges;
    const people = res.data.people.edges;
    pools = {
      ids: [...articles.map((e: any) => e.node.id), ...people.map((e: any) => e.node.id), res.data.country.id, res.data.topic?.id].filter(Boolean),
      cursors: [
        ...articles.map((e: any) => e.cursor),
        ...people.map((e: any) => e.cursor),
        ...people.flatMap((e: any) => e.node.coMentioned.edges.map((c: any) => c.cursor)),
        ...res.data.country.people.edges.map((e: any) => e.cursor),
        ...res.data.trending.edges.map((e: any) => e.cursor),
      ],
      strings: [
        ...articles.flatMap((e: any) => [e.node.slug, e.node.url, e.node.desk]),
        ...people.flatMap((e: any) => [e.node.slug, e.node.name]),
        res.data.country.slug,
        res.data.topic?.slug,
      ].filter((s): s is string => typeof s === "string"),
    };
    assert.ok(pools.ids.length >= 5 && pools.cursors.length >= 5, "the sample data gives ids and cursors to fuzz with");
    tokens = { editor: await bearer("editor"), reader: await bearer("reader"), expired: await bearer("editor", { expiresIn: "-1m" }), garbage: { authorization: "Bearer not.a.token" }, none: {} };
  });

  it(`answers ${RUNS} generated operations with JSON, coded client errors and no internals (seed ${SEED})`, async (context) => {
    const operation = fc.gen().map((g): FuzzRequest => {
      const d = new Draw(g);
      const { query, variables, kind } = new OperationBuilder(schema, pools, d).build();
      const auth = kind === "mutation" ? tokens[d.pick(["editor", "editor", "none", "reader", "expired"])] : tokens[d.chance(0.9) ? "none" : "garbage"];
      const params = new URLSearchParams({ query, ...(Object.keys(variables).length ? { variables: JSON.stringify(variables) } : {}) });
      // Node itself answers 431 with no body to a request line over its 16 KB header limit.
      if (kind === "query" && params.toString().length < 8000 && d.chance(0.1)) {
        return { operation: kind, method: "GET", search: `?${params}`, headers: { "apollo-require-preflight": "true", ...auth } };
      }
      return { operation: kind, method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ query, variables }) };
    });
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(operation, async (request) => {
        const body = assertWellFormed(request, await send(t.server.url, request));
        const outcome = `${request.operation} ${body.errors ? body.errors[0].extensions.code : "answered"}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
    );
    context.diagnostic(`outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
    // The generator must reach the resolvers, not only GraphQL validation, for the run to mean anything.
    const count = (outcome: string) => outcomes.get(outcome) ?? 0;
    assert.ok(count("query answered") >= RUNS * 0.08, "a fair share of queries is answered without errors");
    assert.ok(count("query BAD_USER_INPUT") >= RUNS * 0.05, "a fair share of queries fails in the resolvers' own validation");
    assert.ok(count("mutation answered") + count("mutation NOT_FOUND") + count("mutation BAD_USER_INPUT") >= RUNS * 0.02, "some mutations reach their services");
  });

  it(`answers ${Math.ceil(RUNS / 2)} garbage requests with coded JSON errors and no internals (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(garbageRequest(), async (request) => void assertWellFormed(request, await send(t.server.url, request))),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED, includeErrorInReport: true },
    );
  });

  it("answers the requests the fuzzer found mishandled with coded JSON errors", async () => {
    const json = { "content-type": "application/json" };
    const cases: FuzzRequest[] = [
      // Express's body parser rejects these before Apollo sees them.
      { method: "POST", headers: json, body: "{bad json" },
      { method: "POST", headers: json, body: '"a JSON string, not an object"' },
      { method: "POST", headers: { "content-type": "application/json; charset=latin1" }, body: '{"query":"{ __typename }"}' },
      { method: "POST", headers: { "content-type": "application/json; charset=utf-16" }, body: "{}" },
      // Apollo's persisted-query checks raise errors without a code.
      { method: "POST", headers: json, body: JSON.stringify({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "abc" } } }) },
      { method: "POST", headers: json, body: JSON.stringify({ query: "{ __typename }", extensions: { persistedQuery: { version: 2, sha256Hash: "abc" } } }) },
    ];
    for (const request of cases) {
      const response = await send(t.server.url, request);
      assert.ok(response.status >= 400 && response.status < 500, `${request.body}: ${response.status}`);
      assertWellFormed(request, response);
    }
  });

  it("answers a body over the size limit with a coded JSON error", async () => {
    const request: FuzzRequest = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ search(query: "${"a".repeat(5 * 1024 * 1024)}") { __typename } }` }) };
    const response = await send(t.server.url, request);
    assert.equal(response.status, 413);
    assertWellFormed({ ...request, body: "(5 MB)" }, response);
  });

  it("is still up and answering after the fuzzing", async () => {
    const health = await fetch(t.server.url.replace(/\/graphql$/, "/healthz"));
    assert.equal(health.status, 200);
    const res = await t.gql(`{ articles(first: 1) { totalCount } }`);
    assert.equal(res.errors, undefined);
    assert.ok(res.data.articles.totalCount > 0);
  });
});
