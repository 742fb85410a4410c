import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { useTestServer, type GraphQLResponse } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { ConfigError, loadConfig, PROJECT_ROOT } from "../../src/config";
import { Person } from "../../src/person/person.entity";
import { writeEntityNames } from "../../src/entity/entity.service";

function code(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

const gid = (type: string, key: number | string) => Buffer.from(`${type}:${key}`).toString("base64url");
const cursor = (json: string) => Buffer.from(json).toString("base64url");

describe(`errors clients see (${TEST_DIALECT})`, () => {
  const t = useTestServer(async (database) => {
    // Two people answering to the same alias, to make a name ambiguous.
    await database.db.transaction(async (manager) => {
      const people = await manager.save([
        Object.assign(new Person(), { slug: "john-smith", name: "John Smith", aliases: ["Smith"], description: null, wikidataId: null, nationalityId: null, mentionCount: 0 }),
        Object.assign(new Person(), { slug: "jane-smith", name: "Jane Smith", aliases: ["Smith"], description: null, wikidataId: null, nationalityId: null, mentionCount: 0 }),
      ]);
      await writeEntityNames(manager, people);
    });
  });

  it("rejects malformed ids with BAD_USER_INPUT", async () => {
    for (const id of ["nonsense", "", gid("Spaceship", 1), Buffer.from("Article:abc").toString("base64url")]) {
      const res = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
      assert.equal(code(res), "BAD_USER_INPUT", id);
    }
  });

  it("returns null for well-formed ids of nothing, and for ids of another type", async () => {
    const res = await t.gql(`{ node(id: "${gid("Article", 987654)}") { id } person(slug: "nobody-at-all") { id } country(code: "ZZ") { id } }`);
    assert.equal(res.errors, undefined);
    assert.deepEqual(res.data, { node: null, person: null, country: null });
  });

  it("returns null for well-formed ids whose keys are beyond every row, without failing the other ids", async () => {
    const putin = (await t.gql(`{ person(slug: "vladimir-putin") { id } }`)).data.person.id;
    const big = [gid("Person", "2147483648"), gid("Country", "99999999999"), gid("Article", "123456789012345678901234567890")];
    const res = await t.gql(
      `query($ids: [ID!]!, $big: ID!, $article: ID!) {
        nodes(ids: $ids) { id }
        node(id: $big) { id }
        person(id: $big) { id }
        article(id: $article) { id }
        articles(filter: { mentionsAll: [$big] }) { totalCount edges { cursor } }
      }`,
      { ids: [...big, putin], big: big[0], article: big[2] },
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.deepEqual(res.data, {
      nodes: [null, null, null, { id: putin }],
      node: null,
      person: null,
      article: null,
      articles: { totalCount: 0, edges: [] },
    });
  });

  it("rejects an id of the wrong type where one type is expected", async () => {
    const res = await t.gql(`{ person(id: "${gid("Article", 1)}") { id } }`);
    assert.equal(code(res), "BAD_USER_INPUT");
    assert.match(res.errors?.[0].message ?? "", /Person/);
  });

  it("rejects conflicting or missing lookup arguments", async () => {
    for (const query of [`{ article(id: "${gid("Article", 1)}", slug: "x") { id } }`, `{ article { id } }`, `{ country(code: "IR", slug: "iran") { id } }`, `{ topic { id } }`]) {
      const res = await t.gql(query);
      assert.equal(code(res), "BAD_USER_INPUT", query);
      assert.match(res.errors?.[0].message ?? "", /exactly one of/);
    }
  });

  it("rejects page sizes outside 0..100 and first with last", async () => {
    for (const args of ["first: -1", "first: 101", "last: 101", "first: 1, last: 1"]) {
      const res = await t.gql(`{ articles(${args}) { totalCount } }`);
      assert.equal(code(res), "BAD_USER_INPUT", args);
    }
    const zero = await t.gql(`{ articles(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`);
    assert.equal(zero.errors, undefined);
    assert.deepEqual(zero.data.articles.edges, []);
    assert.equal(zero.data.articles.pageInfo.hasNextPage, true);
  });

  it("rejects cursors it did not issue, and cursors of another connection", async () => {
    const co = await t.gql(`{ person(slug: "vladimir-putin") { coMentioned(first: 1) { pageInfo { endCursor } } } }`);
    const foreign = co.data.person.coMentioned.pageInfo.endCursor;
    for (const after of ["garbage", Buffer.from('["PUBLISHED_AT","x"]').toString("base64url"), foreign]) {
      const res = await t.gql(`query($after: String) { articles(first: 1, after: $after) { totalCount } }`, { after });
      assert.equal(code(res), "BAD_USER_INPUT", after);
    }
  });

  it("rejects forged cursors whose values do not fit the columns of the ordering", async () => {
    const articleCursors = [
      '["PUBLISHED_AT","abc",3]',
      '["PUBLISHED_AT",1.5,3]',
      '["PUBLISHED_AT",1e300,3]',
      '["PUBLISHED_AT",1752224400000,"x"]',
    ];
    for (const json of articleCursors) {
      for (const query of [
        `query($c: String) { articles(first: 1, after: $c) { totalCount } }`,
        `query($c: String) { articles(last: 1, before: $c) { totalCount } }`,
        `query($c: String) { person(slug: "vladimir-putin") { articles(first: 1, after: $c) { totalCount } } }`,
      ]) {
        const res = await t.gql(query, { c: cursor(json) });
        assert.equal(code(res), "BAD_USER_INPUT", `${json} in ${query}`);
        assert.equal(res.data?.articles ?? res.data?.person?.articles ?? null, null);
      }
    }
    for (const json of ['["CO","x",0,1]', '["CO",1.5,0,1]', '["CO",1,0,"1"]']) {
      const res = await t.gql(`query($c: String) { person(slug: "vladimir-putin") { coMentioned(first: 1, after: $c) { totalCount } } }`, { c: cursor(json) });
      assert.equal(code(res), "BAD_USER_INPUT", json);
    }
    for (const json of ['["SLUG","vladimir-putin",2147483648]', '["SLUG",7,1]', '["SLUG","a",1.5]', '["NAME","Vladimir Putin",1]']) {
      const res = await t.gql(`query($c: String) { country(code: "RU") { people(first: 1, after: $c) { totalCount } } }`, { c: cursor(json) });
      assert.equal(code(res), "BAD_USER_INPUT", json);
    }
  });

  it("answers the other ids of nodes when one is malformed, with an error at that id's position", async () => {
    const putin = (await t.gql(`{ person(slug: "vladimir-putin") { id } }`)).data.person.id;
    const res = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } person(slug: "vladimir-putin") { name } }`, {
      ids: [putin, "nonsense", gid("Article", 987654), gid("Spaceship", 1)],
    });
    assert.deepEqual(res.data, { nodes: [{ id: putin }, null, null, null], person: { name: "Vladimir Putin" } });
    assert.deepEqual(res.errors?.map((e) => [e.path, e.extensions?.code]), [
      [["nodes", 1], "BAD_USER_INPUT"],
      [["nodes", 3], "BAD_USER_INPUT"],
    ]);
    assert.match(res.errors?.[0].message ?? "", /`ids\[1\]` is not a valid newsgraph id/);
    assert.match(res.errors?.[1].message ?? "", /`ids\[3\]` is not a valid newsgraph id/);
  });

  it("names an ambiguous name and lists its candidates", async () => {
    const res = await t.gql(`{ articles(filter: { mentioning: ["smith"] }) { totalCount } }`);
    assert.equal(code(res), "BAD_USER_INPUT");
    assert.match(res.errors?.[0].message ?? "", /"smith"/);
    assert.deepEqual([...res.errors?.[0].extensions?.candidates].sort(), ["Jane Smith (Person)", "John Smith (Person)"]);
    assert.equal(res.errors?.[0].extensions?.names.length, 1);
    assert.equal(res.errors?.[0].extensions?.names[0].name, "smith");
  });

  it("names every unknown and ambiguous name of a filter in one error", async () => {
    const res = await t.gql(`{ articles(filter: { mentioning: ["Putin", "Vladimir Puttin", "smith", "Nobody Atall", "Iran"] }) { totalCount } }`);
    assert.equal(res.errors?.length, 1);
    assert.equal(code(res), "BAD_USER_INPUT");
    const [error] = res.errors ?? [];
    for (const name of ["Vladimir Puttin", "smith", "Nobody Atall"]) assert.match(error.message, new RegExp(`"${name}"`));
    assert.doesNotMatch(error.message, /"Putin"|"Iran"/);
    const names: { name: string; candidates: string[] }[] = error.extensions?.names;
    assert.deepEqual(names.map((n) => n.name), ["Vladimir Puttin", "smith", "Nobody Atall"]);
    assert.ok(names[0].candidates.includes("Vladimir Putin"), JSON.stringify(names[0]));
    assert.deepEqual([...names[1].candidates].sort(), ["Jane Smith (Person)", "John Smith (Person)"]);
    assert.equal(error.extensions?.name, undefined, "name and candidates are for a single unresolved name");
  });

  it("rejects blank names in mentioning", async () => {
    for (const mentioning of [["Putin", "  "], [""], ["\t"]]) {
      const res = await t.gql(`query($m: [String!]) { articles(filter: { mentioning: $m }) { totalCount } }`, { m: mentioning });
      assert.equal(code(res), "BAD_USER_INPUT", JSON.stringify(mentioning));
      assert.deepEqual(res.errors?.[0].extensions?.fields, [{ field: "filter.mentioning", message: "filter.mentioning must not contain blank names" }]);
    }
  });

  it("answers hundreds of unknown names in one request with BAD_USER_INPUT, not an internal error", async () => {
    // 26 filters of 20 unknown names: 520 name suggestions, more than one SQLite compound SELECT may join.
    const fields = Array.from({ length: 26 }, (_, f) => {
      const names = Array.from({ length: 20 }, (_, n) => `"Qqz Nobody ${f} ${n}"`).join(", ");
      return `f${f}: articles(filter: { mentioning: [${names}] }) { totalCount }`;
    });
    const res = await t.gql(`{ ${fields.join("\n")} }`);
    // The fields are non-null, so the first error nulls `data` and ends the response; all 520 names
    // were looked up in the same batches before it.
    assert.equal(res.data, null);
    assert.ok(res.errors?.length);
    for (const error of res.errors ?? []) {
      assert.equal(error.extensions?.code, "BAD_USER_INPUT", error.message);
      assert.equal(error.extensions?.names.length, 20);
    }
  });

  it("suggests names close to an unknown one", async () => {
    const res = await t.gql(`{ articles(filter: { mentioning: ["Vladimir Puttin"] }) { totalCount } }`);
    assert.equal(code(res), "BAD_USER_INPUT");
    assert.ok(res.errors?.[0].extensions?.candidates.includes("Vladimir Putin"));
  });

  it("validates filter input: list sizes and instants", async () => {
    const many = Array.from({ length: 21 }, (_, i) => gid("Person", i + 1));
    const big = await t.gql(`query($ids: [ID!]) { articles(filter: { mentionsAll: $ids }) { totalCount } }`, { ids: many });
    assert.equal(code(big), "BAD_USER_INPUT");
    assert.deepEqual(big.errors?.[0].extensions?.fields, [{ field: "filter.mentionsAll", message: "filter.mentionsAll must contain no more than 20 elements" }]);
    assert.doesNotMatch(JSON.stringify(big), new RegExp(many[5]), "input is not echoed back");
    const date = await t.gql(`query($d: DateTimeISO) { articles(filter: { publishedAfter: $d }) { totalCount } }`, { d: "yesterday" });
    assert.equal(code(date), "BAD_USER_INPUT");
    const nodes = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 101 }, (_, i) => gid("Article", i + 1)) });
    assert.equal(code(nodes), "BAD_USER_INPUT");
  });

  it("hides internal failures: no SQL, no stack trace, a coded generic error", async () => {
    const originalError = console.error;
    console.error = () => {};
    try {
      await t.database.db.query(`DROP TABLE entity_name`);
      const res = await t.gql(`{ articles(filter: { mentioning: ["Putin"] }) { totalCount } }`);
      assert.equal(code(res), "INTERNAL_SERVER_ERROR");
      assert.equal(res.errors?.[0].message, "Internal server error");
      const text = JSON.stringify(res);
      assert.doesNotMatch(text, /entity_name|SELECT|stack|at .*\.js/i);
    } finally {
      console.error = originalError;
    }
  });
});

describe("configuration errors operators see", () => {
  it("accepts 1, 0, true and false in any case for on/off variables", () => {
    for (const [value, on] of [["1", true], ["0", false], ["true", true], ["FALSE", false], ["True", true]] as const) {
      const config = loadConfig({ NEWSGRAPH_QUERY_STATS: value, NEWSGRAPH_QUIET: value, NEWSGRAPH_LOG_SQL_ERRORS: value });
      assert.deepEqual([config.exposeQueryStats, config.quiet, config.logSqlErrors], [on, on, on], value);
    }
    const defaults = loadConfig({});
    assert.deepEqual([defaults.exposeQueryStats, defaults.quiet, defaults.logSqlErrors], [true, false, false]);
    assert.equal(loadConfig({ NODE_ENV: "production" }).exposeQueryStats, false);
  });

  it("rejects any other value with a ConfigError naming the variable", () => {
    for (const name of ["NEWSGRAPH_QUERY_STATS", "NEWSGRAPH_QUIET", "NEWSGRAPH_LOG_SQL_ERRORS"]) {
      for (const value of ["yes", "on", "2", " 1"]) {
        assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${name}: `), `${name}=${value}`);
      }
    }
  });

  it("stops the command line with the variable's name instead of silently switching it off", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-config-"));
    try {
      const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "dist", "src", "cli.js"), "migrate"], {
        env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "db.sqlite")}`, NEWSGRAPH_QUERY_STATS: "yes" },
        encoding: "utf8",
      });
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /configuration error: NEWSGRAPH_QUERY_STATS: expected 1, 0, true or false, got "yes"/);
      assert.equal(fs.existsSync(path.join(dir, "db.sqlite")), false, "no database was opened");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
