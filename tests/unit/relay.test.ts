import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BadUserInputError } from "../../src/errors/errors";
import { fromGlobalId, fromGlobalIdOf, MAX_KEY, NO_SUCH_KEY, toGlobalId } from "../../src/relay/global-id";
import { decodeCursor, encodeCursor } from "../../src/relay/cursor";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageRequest, type PageRequest } from "../../src/relay/connection";
import { ArticleConnection } from "../../src/article/article.types";

/** Asserts `fn` throws a BadUserInputError with code BAD_USER_INPUT, optionally matching `message`. */
function assertBadInput(fn: () => unknown, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof BadUserInputError, `expected a BadUserInputError, got ${String(err)}`);
    assert.equal(err.code, "BAD_USER_INPUT");
    if (message) assert.match(err.message, message);
    return true;
  });
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("global ids", () => {
  it("round-trip every node type and key", () => {
    for (const type of ["Article", "Person", "Country", "Topic"] as const) {
      for (const key of [1, 42, 2_147_483_647]) {
        assert.deepEqual(fromGlobalId(toGlobalId(type, key)), { type, key });
      }
    }
  });

  it("are opaque: the type name and key do not show", () => {
    const id = toGlobalId("Article", 12);
    assert.ok(!id.includes("Article:"), id);
    assert.ok(!id.includes("Article"), id);
    assert.match(id, /^[A-Za-z0-9_-]+$/);
  });

  it("differ between types and keys", () => {
    const ids = new Set([toGlobalId("Article", 1), toGlobalId("Person", 1), toGlobalId("Article", 2)]);
    assert.equal(ids.size, 3);
  });

  it("reject malformed ids with BAD_USER_INPUT naming the argument", () => {
    for (const bad of ["", "not an id", "!!!", "QXJ0aWNsZToxMg==", b64("Article"), b64("Article:"), b64("Article:0"), b64("Article:-3"), b64("Article:1.5"), b64("Article:12x"), "x".repeat(65)]) {
      assertBadInput(() => fromGlobalId(bad, "articleId"), /`articleId` is not a valid newsgraph id/);
    }
  });

  it("reject ids of unknown types with BAD_USER_INPUT", () => {
    assertBadInput(() => fromGlobalId(b64("Widget:1")), /not a valid newsgraph id/);
    assertBadInput(() => fromGlobalId(b64("article:1")), /not a valid newsgraph id/);
  });

  it("decode keys beyond the 32-bit id columns as a key no row has, not as an error", () => {
    assert.equal(MAX_KEY, 2_147_483_647);
    assert.equal(NO_SUCH_KEY, 0);
    for (const key of ["2147483648", "2147483650", "9999999999", "9007199254740993", "12345678901234567890123456789012345678"]) {
      assert.deepEqual(fromGlobalId(b64(`Person:${key}`)), { type: "Person", key: 0 }, key);
    }
    assert.deepEqual(fromGlobalId(b64("Person:2147483647")), { type: "Person", key: 2_147_483_647 });
    assert.deepEqual(fromGlobalId(b64("Person:999999999")), { type: "Person", key: 999_999_999 });
  });

  it("still reject a too-large key with a leading zero or a sign as malformed", () => {
    for (const key of ["02147483648", "-2147483648", "+2147483648"]) assertBadInput(() => fromGlobalId(b64(`Person:${key}`)));
  });

  it("accept an id of one of the wanted types", () => {
    assert.deepEqual(fromGlobalIdOf(toGlobalId("Person", 7), ["Person", "Country"]), { type: "Person", key: 7 });
  });

  it("reject an id of another type with BAD_USER_INPUT naming the wanted and the actual type", () => {
    const id = toGlobalId("Article", 7);
    assertBadInput(() => fromGlobalIdOf(id, ["Person", "Country"], "entityId"), /`entityId` must be the id of a Person or Country, but .* is a Article/);
  });
});

describe("cursors", () => {
  const EPOCH_AND_ID = ["int53", "int32"] as const;

  it("round-trip their key values", () => {
    const cursor = encodeCursor("published", [1_752_224_400_000, 42]);
    assert.deepEqual(decodeCursor(cursor, "published", EPOCH_AND_ID, "after"), [1_752_224_400_000, 42]);
    assert.deepEqual(decodeCursor(encodeCursor("SLUG", ["vladimir-putin", 7]), "SLUG", ["string", "int32"], "after"), ["vladimir-putin", 7]);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  });

  it("reject a cursor of another ordering", () => {
    const cursor = encodeCursor("published", [1_752_224_400_000, 42]);
    assertBadInput(() => decodeCursor(cursor, "salience", EPOCH_AND_ID, "after"), /`after` is not a cursor of this connection/);
  });

  it("reject a cursor with the wrong number of key values", () => {
    assertBadInput(() => decodeCursor(encodeCursor("published", [42]), "published", EPOCH_AND_ID, "before"), /`before`/);
    assertBadInput(() => decodeCursor(encodeCursor("published", [1, 2, 3]), "published", EPOCH_AND_ID, "before"));
  });

  it("reject garbage, non-JSON and non-scalar key values", () => {
    assertBadInput(() => decodeCursor("", "t", ["int53"], "after"));
    assertBadInput(() => decodeCursor("@@@", "t", ["int53"], "after"));
    assertBadInput(() => decodeCursor(b64("not json"), "t", ["int53"], "after"));
    assertBadInput(() => decodeCursor(b64('{"0":"t"}'), "t", ["int53"], "after"));
    assertBadInput(() => decodeCursor(b64('["t",{"a":1}]'), "t", ["string"], "after"));
    assertBadInput(() => decodeCursor(b64('["t",null]'), "t", ["int53"], "after"));
  });

  it("reject key values that do not fit the type of their position", () => {
    const forged = [
      '["PUBLISHED_AT","abc",3]',
      '["PUBLISHED_AT",1.5,3]',
      '["PUBLISHED_AT",1e300,3]',
      '["PUBLISHED_AT",9007199254740993,3]',
      '["PUBLISHED_AT",1752224400000,"x"]',
      '["PUBLISHED_AT",1752224400000,"3"]',
      '["PUBLISHED_AT",1752224400000,2147483648]',
      '["PUBLISHED_AT",1752224400000,-2147483649]',
      '["PUBLISHED_AT",1752224400000,3.5]',
      '["PUBLISHED_AT",true,3]',
    ];
    for (const text of forged) assertBadInput(() => decodeCursor(b64(text), "PUBLISHED_AT", EPOCH_AND_ID, "after"), /`after`/);
    for (const text of ['["SLUG",5,3]', '["SLUG","a\\u0000b",3]', '["SLUG","a",null]', '["SLUG",["a"],3]']) {
      assertBadInput(() => decodeCursor(b64(text), "SLUG", ["string", "int32"], "after"), /`after`/);
    }
  });

  it("accept the extremes of each type", () => {
    assert.deepEqual(decodeCursor(b64('["t",-9007199254740991,2147483647,""]'), "t", ["int53", "int32", "string"], "after"), [-9_007_199_254_740_991, 2_147_483_647, ""]);
    assert.deepEqual(decodeCursor(b64('["t",0,-2147483648,"ü-ß"]'), "t", ["int53", "int32", "string"], "after"), [0, -2_147_483_648, "ü-ß"]);
  });
});

describe("pageRequest", () => {
  it("defaults to a forward page of 20 without cursors", () => {
    assert.equal(DEFAULT_PAGE_SIZE, 20);
    assert.deepEqual(pageRequest({}, "t", 1), { limit: 20, backward: false, after: null, before: null });
  });

  it("accepts first 0 and first 100", () => {
    assert.equal(pageRequest({ first: 0 }, "t", 1).limit, 0);
    assert.equal(pageRequest({ first: 100 }, "t", 1).limit, 100);
    assert.equal(MAX_PAGE_SIZE, 100);
  });

  it("rejects first 101 and first -1 with a message naming the limit 100", () => {
    assertBadInput(() => pageRequest({ first: 101 }, "t", 1), /`first` must be between 0 and 100; got 101/);
    assertBadInput(() => pageRequest({ first: -1 }, "t", 1), /`first` must be between 0 and 100; got -1/);
  });

  it("rejects a fractional page size", () => {
    assertBadInput(() => pageRequest({ first: 2.5 }, "t", 1), /100/);
  });

  it("pages backward with last, checking the same limits", () => {
    assert.deepEqual(pageRequest({ last: 5 }, "t", 1), { limit: 5, backward: true, after: null, before: null });
    assertBadInput(() => pageRequest({ last: 101 }, "t", 1), /`last` must be between 0 and 100; got 101/);
  });

  it("rejects first and last together", () => {
    assertBadInput(() => pageRequest({ first: 5, last: 5 }, "t", 1), /`first` or `last`, not both/);
  });

  it("decodes after and before cursors of its ordering", () => {
    const after = encodeCursor("t", [3]);
    const before = encodeCursor("t", [9]);
    assert.deepEqual(pageRequest({ first: 2, after, before }, "t", 1), { limit: 2, backward: false, after: [3], before: [9] });
  });

  it("checks cursor values against a schema, and reads a number as that many int53 values", () => {
    const id = encodeCursor("t", [1_752_224_400_000, 2_147_483_648]);
    assert.deepEqual(pageRequest({ after: id }, "t", 2).after, [1_752_224_400_000, 2_147_483_648]);
    assertBadInput(() => pageRequest({ after: id }, "t", ["int53", "int32"]), /`after`/);
    assertBadInput(() => pageRequest({ before: encodeCursor("t", ["x", 1]) }, "t", 2), /`before`/);
    assert.deepEqual(pageRequest({ before: encodeCursor("t", ["x", 1]) }, "t", ["string", "int32"]).before, ["x", 1]);
  });

  it("rejects a cursor of another ordering, naming the argument", () => {
    assertBadInput(() => pageRequest({ after: encodeCursor("other", [3]) }, "t", 1), /`after`/);
    assertBadInput(() => pageRequest({ last: 2, before: encodeCursor("t", [3, 4]) }, "t", 1), /`before`/);
  });
});

describe("Connection.from", () => {
  /** A fetched row with a plain object as node (Connection.from never looks inside the node). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const row = (k: number): { node: any; key: (number | string)[] } => ({ node: { title: `n${k}` }, key: [k] });
  const rows = (n: number, from = 1) => Array.from({ length: n }, (_, i) => row(from + i));
  const page = (over: Partial<PageRequest>): PageRequest => ({ limit: 3, backward: false, after: null, before: null, ...over });
  const count = async () => 99;

  it("returns only limit edges and hasNextPage when limit + 1 rows were fetched", () => {
    const connection = ArticleConnection.from({ rows: rows(4), page: page({}), tag: "t", count });
    assert.deepEqual(connection.edges.map((e) => e.node), [{ title: "n1" }, { title: "n2" }, { title: "n3" }]);
    assert.equal(connection.pageInfo.hasNextPage, true);
    assert.equal(connection.pageInfo.hasPreviousPage, false);
  });

  it("has no next page when no extra row was fetched", () => {
    const connection = ArticleConnection.from({ rows: rows(3), page: page({}), tag: "t", count });
    assert.equal(connection.edges.length, 3);
    assert.equal(connection.pageInfo.hasNextPage, false);
  });

  it("gives each edge a cursor of its key, and start/end cursors of the first/last edge", () => {
    const connection = ArticleConnection.from({ rows: rows(4), page: page({}), tag: "t", count });
    assert.deepEqual(connection.edges.map((e) => decodeCursor(e.cursor, "t", ["int53"], "after")), [[1], [2], [3]]);
    assert.equal(connection.pageInfo.startCursor, connection.edges[0].cursor);
    assert.equal(connection.pageInfo.endCursor, connection.edges[2].cursor);
  });

  it("reports a previous page when paging forward after a cursor", () => {
    const connection = ArticleConnection.from({ rows: rows(2, 5), page: page({ after: [4] }), tag: "t", count });
    assert.equal(connection.pageInfo.hasPreviousPage, true);
    assert.equal(connection.pageInfo.hasNextPage, false);
  });

  it("flips a backward page into display order and reports the extra row as a previous page", () => {
    // Backward: rows arrive nearest-first (10, 9, 8) plus one extra (7).
    const fetched = [10, 9, 8, 7].map(row);
    const connection = ArticleConnection.from({ rows: fetched, page: page({ backward: true }), tag: "t", count });
    assert.deepEqual(connection.edges.map((e) => e.node), [{ title: "n8" }, { title: "n9" }, { title: "n10" }]);
    assert.equal(connection.pageInfo.hasPreviousPage, true);
    assert.equal(connection.pageInfo.hasNextPage, false);
    assert.deepEqual(decodeCursor(connection.pageInfo.startCursor as string, "t", ["int53"], "before"), [8]);
    assert.deepEqual(decodeCursor(connection.pageInfo.endCursor as string, "t", ["int53"], "before"), [10]);
  });

  it("reports no previous page on a backward page without an extra row, and a next page when before was given", () => {
    const fetched = [2, 1].map(row);
    const connection = ArticleConnection.from({ rows: fetched, page: page({ backward: true, before: [3] }), tag: "t", count });
    assert.deepEqual(connection.edges.map((e) => e.node), [{ title: "n1" }, { title: "n2" }]);
    assert.equal(connection.pageInfo.hasPreviousPage, false);
    assert.equal(connection.pageInfo.hasNextPage, true);
  });

  it("gives null cursors for an empty page", () => {
    const connection = ArticleConnection.from({ rows: [], page: page({}), tag: "t", count });
    assert.deepEqual(connection.edges, []);
    assert.equal(connection.pageInfo.startCursor, null);
    assert.equal(connection.pageInfo.endCursor, null);
    assert.equal(connection.pageInfo.hasNextPage, false);
  });

  it("returns no edges but a next page for first 0 when rows exist", () => {
    const connection = ArticleConnection.from({ rows: rows(1), page: page({ limit: 0 }), tag: "t", count });
    assert.deepEqual(connection.edges, []);
    assert.equal(connection.pageInfo.hasNextPage, true);
  });

  it("counts the whole connection only through totalCount", async () => {
    let calls = 0;
    const connection = ArticleConnection.from({ rows: rows(1), page: page({}), tag: "t", count: async () => (calls += 1, 57) });
    assert.equal(calls, 0);
    assert.equal(await connection.totalCount(), 57);
    assert.equal(calls, 1);
  });
});
