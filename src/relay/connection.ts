import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { BadUserInputError } from "../errors/errors";
import { decodeCursor, encodeCursor, type CursorSchema } from "./cursor";
import { cacheFor, INHERIT_CACHE, MaxAge } from "../cache/cache-control";

/** Largest page a client may ask for, as on GitHub's and Shopify's APIs. */
export const MAX_PAGE_SIZE = 100;
/** Page size when a client gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;

/** Relay's PageInfo (https://relay.dev/graphql/connections.htm#sec-undefined.PageInfo). */
@Directive(INHERIT_CACHE)
@ObjectType("PageInfo", { description: "Where a page sits in its connection; pass its cursors back as `after` or `before`." })
export class PageInfo {
  @Field({ description: "Whether more edges follow this page. Exact when paging forward with `first`; when paging backward with `last`, true when `before` was given." })
  hasNextPage!: boolean;

  @Field({ description: "Whether edges precede this page. Exact when paging backward with `last`; when paging forward with `first`, true when `after` was given." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge of the page; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the page; null when the page is empty." })
  endCursor!: string | null;
}

/** Paging arguments every connection field takes (Relay cursor connections). */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Return at most this many edges from the start (0 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither \`first\` nor \`last\` is given).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return edges after this cursor (an `endCursor` or edge `cursor` from this connection)." })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Return at most this many edges from the end (0 to ${MAX_PAGE_SIZE}); use with \`before\` to page backward.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Return edges before this cursor (a `startCursor` or edge `cursor` from this connection)." })
  before?: string | null;
}

/** A validated page request: how many rows, which way, and the keyset bounds. */
export interface PageRequest {
  /** Rows wanted on the page. */
  limit: number;
  /** True when paging backward (`last`): rows are fetched in reverse order, then flipped. */
  backward: boolean;
  after: (number | string)[] | null;
  before: (number | string)[] | null;
}

function checkSize(name: "first" | "last", value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`\`${name}\` must be between 0 and ${MAX_PAGE_SIZE}; got ${value}`, {
      argumentName: name,
      min: 0,
      max: MAX_PAGE_SIZE,
    });
  }
  return value;
}

/**
 * Validates paging arguments against the Relay rules and newsgraph's limits, decoding cursors of
 * `tag` (the ordering) whose key values fit `schema` (see CursorSchema). Throws BAD_USER_INPUT naming
 * the bad argument.
 *
 * `schema` may also be a number of key values, all "int53": the older form, kept so that callers can
 * move to a schema one by one. It accepts ids beyond the 32-bit range, so prefer the schema.
 */
export function pageRequest(args: ConnectionArgs, tag: string, schema: CursorSchema | number): PageRequest {
  const types: CursorSchema = typeof schema === "number" ? Array.from({ length: schema }, () => "int53" as const) : schema;
  const { first, last } = args;
  if (first != null && last != null) {
    throw new BadUserInputError("Pass `first` or `last`, not both", { argumentName: "last" });
  }
  const after = args.after != null ? decodeCursor(args.after, tag, types, "after") : null;
  const before = args.before != null ? decodeCursor(args.before, tag, types, "before") : null;
  if (last != null) return { limit: checkSize("last", last), backward: true, after, before };
  return { limit: first != null ? checkSize("first", first) : DEFAULT_PAGE_SIZE, backward: false, after, before };
}

/** One row of a page as a service returns it: the node plus its sort key. */
export interface KeyedNode<TNode> {
  node: TNode;
  key: (number | string)[];
}

/** Fields a connection edge type carries besides `cursor` and `node` (e.g. a co-mention `count`). */
export type EdgeExtras = Record<string, unknown>;

/** What a connection instance is built from: the rows fetched (one more than asked, to see past the page). */
export interface ConnectionSource<TNode, TExtras extends EdgeExtras = EdgeExtras> {
  rows: (KeyedNode<TNode> & { extras?: TExtras })[];
  page: PageRequest;
  tag: string;
  /** Counts the whole (filtered) connection; called only when a client selects `totalCount`. */
  count: () => Promise<number>;
}

/** Shape shared by all connection classes made by connectionTypes. */
export interface ConnectionShape<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/**
 * Makes `<Name>Connection` and `<Name>Edge` object types for a node type, so that every list that can
 * grow has the same Relay shape (edges { cursor node }, pageInfo, totalCount). `EdgeBase` adds fields to
 * the edge (its class must be `@ObjectType({ isAbstract: true })`).
 */
export function connectionTypes<TNode extends object>(
  name: string,
  nodeType: () => ClassType<TNode> | Function,
  description: string,
  EdgeBase: ClassType = class {},
) {
  @Directive(INHERIT_CACHE)
  @ObjectType(`${name}Edge`, { description: `One edge of a ${name}Connection: a node and its cursor.` })
  class Edge extends EdgeBase {
    @Field({ description: "Opaque cursor of this edge; pass it as `after` or `before`." })
    cursor!: string;

    @Field(nodeType, { description: "The item at the end of the edge." })
    node!: TNode;
  }

  @Directive(cacheFor(MaxAge.LIST))
  @ObjectType(`${name}Connection`, { description })
  class Connection implements ConnectionShape<TNode> {
    @Field(() => [Edge], { description: "The edges of this page, in the connection's order." })
    edges!: Edge[];

    @Field(() => PageInfo, { description: "Paging information for this page." })
    pageInfo!: PageInfo;

    private counter!: () => Promise<number>;

    @Field(() => Int, { description: "Number of items in the whole connection (after filtering), not just this page. Counted only when selected." })
    totalCount(): Promise<number> {
      return this.counter();
    }

    /** Builds a page from `limit + 1` fetched rows, following the Relay connection spec. */
    static from<TExtras extends EdgeExtras>(source: ConnectionSource<TNode, TExtras>): Connection {
      const { page, tag } = source;
      const hasMore = source.rows.length > page.limit;
      const rows = source.rows.slice(0, page.limit);
      if (page.backward) rows.reverse();
      const connection = new Connection();
      connection.edges = rows.map((row) =>
        Object.assign(new Edge(), row.extras ?? {}, { cursor: encodeCursor(tag, row.key), node: row.node }),
      );
      connection.pageInfo = Object.assign(new PageInfo(), {
        hasNextPage: page.backward ? page.before != null : hasMore,
        hasPreviousPage: page.backward ? hasMore : page.after != null,
        startCursor: connection.edges[0]?.cursor ?? null,
        endCursor: connection.edges.at(-1)?.cursor ?? null,
      });
      connection.counter = source.count;
      return connection;
    }
  }

  return { Connection, Edge };
}
