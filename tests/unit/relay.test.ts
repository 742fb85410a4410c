import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BadUserInputError } from "../../src/errors/errors";
import { fromGlobalId, fromGlobalIdOf, toGlobalId } from "../../src/relay/global-id";
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
      for (const key of [1, 42, 9_007_199_254_740_991]) {
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

  it("reject keys beyond the safe integer range", () => {
    assertBadInput(() => fromGlobalId(b64("Article:9007199254740993")));
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
  it("round-trip their key values", () => {
    const cursor = encodeCursor("published", ["2025-06-23T11:15:00.000Z", 42]);
    assert.deepEqual(decodeCursor(cursor, "published", 2, "after"), ["2025-06-23T11:15:00.000Z", 42]);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  });

  it("reject a cursor of another ordering", () => {
    const cursor = encodeCursor("published", ["2025-06-23T11:15:00.000Z", 42]);
    assertBadInput(() => decodeCursor(cursor, "salience", 2, "after"), /`after` is not a cursor of this connection/);
  });

  it("reject a cursor with the wrong number of key values", () => {
    assertBadInput(() => decodeCursor(encodeCursor("published", [42]), "published", 2, "before"), /`before`/);
    assertBadInput(() => decodeCursor(encodeCursor("published", [1, 2, 3]), "published", 2, "before"));
  });

  it("reject garbage, non-JSON and non-scalar key values", () => {
    assertBadInput(() => decodeCursor("", "t", 1, "after"));
    assertBadInput(() => decodeCursor("@@@", "t", 1, "after"));
    assertBadInput(() => decodeCursor(b64("not json"), "t", 1, "after"));
    assertBadInput(() => decodeCursor(b64('{"0":"t"}'), "t", 1, "after"));
    assertBadInput(() => decodeCursor(b64('["t",{"a":1}]'), "t", 1, "after"));
    assertBadInput(() => decodeCursor(b64('["t",null]'), "t", 1, "after"));
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
    assert.deepEqual(connection.edges.map((e) => decodeCursor(e.cursor, "t", 1, "after")), [[1], [2], [3]]);
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
    assert.deepEqual(decodeCursor(connection.pageInfo.startCursor as string, "t", 1, "before"), [8]);
    assert.deepEqual(decodeCursor(connection.pageInfo.endCursor as string, "t", 1, "before"), [10]);
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
