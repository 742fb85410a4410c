import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../relay/connection";

/*
 * The cost model, after Shopify's and GitHub's: what a client may ask for is priced before it runs
 * (requested cost) and what it got is priced after (actual cost), with the same rules:
 *
 * - scalars and enums cost 0, every object 1;
 * - a connection costs 2, plus its page size (`first` or `last`, else 20; at most 100) times the cost of
 *   one edge's selection; its `pageInfo` and `totalCount` count once, not per edge;
 * - a list with `first` costs `first` items, `nodes(ids)` one item per id, any other list (an
 *   article's people, mentions…) an estimated 5 items (LIST_SIZE knows better for a few);
 * - some fields cost extra for the work behind them (EXTRA_COST), and timelines a flat price because
 *   one statement computes every bucket;
 * - introspection (`__schema`, `__type`, `__typename`) is free: it never touches the database.
 *
 * After execution the same rules count the objects, edges and list items actually returned.
 */

/** Items assumed for a list without paging arguments. */
export const LIST_ESTIMATE = 5;

/** Points added to a field for the work behind it, beyond the objects it returns. `*` is any type. */
export const EXTRA_COST: Readonly<Record<string, number>> = {
  "Query.search": 10,
  "Query.trending": 10,
  "Article.related": 10,
  "ArticleConnection.facets": 10,
  "*.totalCount": 1,
};

/** Fields priced as a whole, whatever they select: one statement answers all of them. */
export const FLAT_COST: Readonly<Record<string, number>> = {
  "*.timeline": 5,
};

/** Lists without paging arguments whose size is known better than LIST_ESTIMATE. */
export const LIST_SIZE: Readonly<Record<string, number>> = {
  // Up to `search(first:)` entities: priced at the default page size, then scaled with the search.
  "SearchResults.entities": DEFAULT_PAGE_SIZE,
};

function tableCost(table: Readonly<Record<string, number>>, typeName: string, fieldName: string): number | undefined {
  // Looked up for every field of every response: remembered per table, type and field, so that pricing
  // a page of edges does not build the same "Type.field" strings again for each edge.
  let byType = tableLookups.get(table);
  if (!byType) tableLookups.set(table, (byType = new Map()));
  let byField = byType.get(typeName);
  if (!byField) byType.set(typeName, (byField = new Map()));
  if (byField.has(fieldName)) return byField.get(fieldName);
  const price = table[`${typeName}.${fieldName}`] ?? table[`*.${fieldName}`];
  byField.set(fieldName, price);
  return price;
}

const tableLookups = new Map<Readonly<Record<string, number>>, Map<string, Map<string, number | undefined>>>();

/** Whether the field is a Relay connection: it returns a `…Connection` and pages with `first`/`last`. */
function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name.endsWith("Connection") && field.args.some((arg) => arg.name === "first" || arg.name === "last");
}

function isConnectionType(type: GraphQLNamedType): boolean {
  return type.name.endsWith("Connection");
}

function clampPage(n: unknown, fallback: number): number {
  return typeof n === "number" ? Math.min(Math.max(n, 0), MAX_PAGE_SIZE) : fallback;
}

/** Edges a connection field asks for. Out-of-range sizes are priced at the bound; the resolver rejects them. */
function pageSize(args: Record<string, unknown>): number {
  return clampPage(args.first ?? args.last, DEFAULT_PAGE_SIZE);
}

/** Items a plain list field is expected to return. */
function listSize(typeName: string, fieldName: string, args: Record<string, unknown>): number {
  if (Array.isArray(args.ids)) return Math.min(args.ids.length, MAX_PAGE_SIZE);
  return clampPage(args.first, tableCost(LIST_SIZE, typeName, fieldName) ?? LIST_ESTIMATE);
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

function fragmentsOf(document: DocumentNode): Fragments {
  return new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
}

/** The `edges` fields selected directly on a connection, through fragments too. */
function edgesFields(selectionSet: SelectionSetNode | undefined, fragments: Fragments, seen = new Set<string>()): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === "edges") found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...edgesFields(selection.selectionSet, fragments, seen));
    } else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      // A fragment spread twice is evaluated twice by the complexity walk, so it is counted twice here too.
      found.push(...edgesFields(fragment?.selectionSet, fragments, new Set([...seen, selection.name.value])));
    }
  }
  return found;
}

/**
 * The requested cost of the operation `operationName` of `document`: the most it can return, priced by
 * the rules above. Throws graphql-query-complexity's error past 10 000 evaluated fields (fragments
 * spread inside fragments), and a GraphQLError when the variables do not fit the operation.
 */
export function requestedCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | null): number {
  // Apollo Server keeps one parsed document per query text, so the same operation with the same
  // variables (what clients send over and over) is priced once, not walked again on every request.
  let known = pricedDocuments.get(document);
  if (!known) pricedDocuments.set(document, (known = new Map()));
  const key = `${operationName ?? ""}\u0000${JSON.stringify(variables ?? {})}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const cost = priceOperation(schema, document, variables, operationName);
  // Bounded: a document sent with ever-new variables (an id per request) keeps its latest prices only.
  if (known.size >= PRICES_PER_DOCUMENT) known.clear();
  known.set(key, cost);
  return cost;
}

/** Prices already computed, per parsed document (see requestedCost). */
const pricedDocuments = new WeakMap<DocumentNode, Map<string, number>>();
const PRICES_PER_DOCUMENT = 256;

function priceOperation(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | null): number {
  const fragments = fragmentsOf(document);
  // graphql-query-complexity sums a connection's children before pricing the connection; the cost of
  // each `edges` field is kept aside so that only the edges are multiplied by the page size.
  const perEdge = new WeakMap<FieldNode, number>();
  const estimator: ComplexityEstimator = ({ type, field, node, args, childComplexity }) => {
    if (field.name.startsWith("__")) return 0;
    const flat = tableCost(FLAT_COST, type.name, field.name);
    if (flat !== undefined) return flat;
    const extra = tableCost(EXTRA_COST, type.name, field.name) ?? 0;
    if (isLeafType(getNamedType(field.type))) return extra;
    if (isConnectionType(type) && field.name === "edges") {
      perEdge.set(node, childComplexity);
      return childComplexity;
    }
    if (isConnectionField(field)) {
      const edges = edgesFields(node.selectionSet, fragments).reduce((sum, edge) => sum + (perEdge.get(edge) ?? 0), 0);
      return 2 + extra + pageSize(args) * edges + (childComplexity - edges);
    }
    if (type.name === "Query" && field.name === "search") {
      // `search(first:)` sets the size of the lists below it (its entities, its articles' default page),
      // which were priced at the default page size: scale them up, never down.
      return extra + 1 + childComplexity * Math.max(1, clampPage(args.first, DEFAULT_PAGE_SIZE) / DEFAULT_PAGE_SIZE);
    }
    if (isListType(getNullableType(field.type))) return extra + listSize(type.name, field.name, args) * (1 + childComplexity);
    return extra + 1 + childComplexity;
  };
  const query = operationName === null ? document : onlyOperation(document, operationName);
  return Math.ceil(getComplexity({ schema, query, variables, estimators: [estimator] }));
}

/** The document with the named operation alone (graphql-query-complexity would price every operation). */
function onlyOperation(document: DocumentNode, operationName: string): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d.name?.value === operationName),
  };
}

type Parent = GraphQLObjectType | GraphQLInterfaceType;
type Data = Record<string, unknown>;

/** A response key's field definition and every selection set merged under it. */
interface CollectedField {
  owner: Parent;
  field: GraphQLField<unknown, unknown>;
  selections: SelectionSetNode[];
}

/**
 * Groups the selections on `parent` by response key, as execution merges them. Fragments whose type
 * condition cannot be told apart without `__typename` are all taken: only keys present in the data
 * are priced, so a fragment that did not apply adds nothing.
 */
function collect(schema: GraphQLSchema, parent: Parent, selectionSet: SelectionSetNode, fragments: Fragments, into = new Map<string, CollectedField>(), seen = new Set<string>()): Map<string, CollectedField> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const existing = into.get(key);
      if (existing) {
        if (selection.selectionSet) existing.selections.push(selection.selectionSet);
        continue;
      }
      const field = parent.getFields()[selection.name.value];
      if (!field) continue; // __typename and the other meta fields: free
      into.set(key, { owner: parent, field, selections: selection.selectionSet ? [selection.selectionSet] : [] });
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (seen.has(selection.name.value)) continue;
        seen.add(selection.name.value);
      }
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
      const owner = condition && (isObjectType(condition) || isInterfaceType(condition)) ? condition : parent;
      collect(schema, owner, fragment.selectionSet, fragments, into, seen);
    }
  }
  return into;
}

/** Fields collected per selection list and parent type, within one response: every item of a list shares them. */
type Collected = WeakMap<SelectionSetNode[], Map<Parent, Map<string, CollectedField>>>;

function objectCost(schema: GraphQLSchema, type: GraphQLNamedType, selections: SelectionSetNode[], data: Data, fragments: Fragments, collected: Collected): number {
  if (!isCompositeType(type)) return 0;
  // For a union or interface, fields are looked up on the fragments' own types.
  const parent: Parent = isAbstractType(type) ? (isInterfaceType(type) ? type : (schema.getPossibleTypes(type)[0] as GraphQLObjectType)) : type;
  let byParent = collected.get(selections);
  if (!byParent) collected.set(selections, (byParent = new Map()));
  let fields = byParent.get(parent);
  if (!fields) {
    fields = new Map<string, CollectedField>();
    for (const selectionSet of selections) collect(schema, parent, selectionSet, fragments, fields);
    byParent.set(parent, fields);
  }
  let cost = 0;
  for (const [key, { owner, field, selections: sub }] of fields) {
    if (!(key in data) || data[key] === null || data[key] === undefined) continue;
    cost += fieldCost(schema, owner, field, sub, data[key], fragments, collected);
  }
  return cost;
}

function fieldCost(schema: GraphQLSchema, owner: Parent, field: GraphQLField<unknown, unknown>, selections: SelectionSetNode[], value: unknown, fragments: Fragments, collected: Collected): number {
  if (field.name.startsWith("__")) return 0;
  const flat = tableCost(FLAT_COST, owner.name, field.name);
  if (flat !== undefined) return flat;
  const extra = tableCost(EXTRA_COST, owner.name, field.name) ?? 0;
  const type = getNamedType(field.type);
  if (isLeafType(type)) return extra;
  const items = Array.isArray(value) ? value : [value];
  const perObject = isConnectionType(owner) && field.name === "edges" ? 0 : isConnectionField(field) ? 2 : 1;
  let cost = extra;
  for (const item of items) {
    if (item === null || typeof item !== "object") continue;
    cost += perObject + objectCost(schema, type, selections, item as Data, fragments, collected);
  }
  return cost;
}

/**
 * The actual cost of a response: the rules above applied to what was returned (edges and list items
 * counted, fields left out by `@skip` or nulled by errors not priced).
 */
export function actualCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, data: Data | null | undefined): number {
  if (!data) return 0;
  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  return objectCost(schema, root, [operation.selectionSet], data, fragmentsOf(document), new WeakMap());
}
