import type { CacheHint } from "@apollo/cache-control-types";
import type { ApolloServerPlugin } from "@apollo/server";
import {
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getVariableValues,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { cacheControlDirective } from "./cache-control";

/** A `@cacheControl` hint as written on a type or field. */
interface Annotation {
  maxAge?: number;
  scope?: "PUBLIC" | "PRIVATE";
  inheritMaxAge?: boolean;
}

const NO_ANNOTATION: Annotation = Object.freeze({});

function annotationOf(node: { readonly directives?: readonly DirectiveNode[] } | null | undefined): Annotation | null {
  if (!node?.directives?.length) return null;
  const values = getDirectiveValues(cacheControlDirective, node) as Annotation | undefined;
  if (!values) return null;
  const scope = values.scope === "PUBLIC" || values.scope === "PRIVATE" ? values.scope : undefined;
  return values.inheritMaxAge ? { inheritMaxAge: true, scope } : { maxAge: values.maxAge ?? undefined, scope };
}

/**
 * The policy of one operation: min max-age; PRIVATE if any field is, else PUBLIC if any says so.
 * Restricting Apollo's overall policy with it equals restricting it with every field's hint in turn.
 */
class PolicyBuilder {
  maxAge: number | undefined;
  scope: "PUBLIC" | "PRIVATE" | undefined;

  restrict(hint: CacheHint): void {
    if (hint.maxAge !== undefined && (this.maxAge === undefined || hint.maxAge < this.maxAge)) this.maxAge = hint.maxAge;
    if (hint.scope !== undefined && this.scope !== "PRIVATE") this.scope = hint.scope;
  }

  hint(): CacheHint {
    return { maxAge: this.maxAge, scope: this.scope };
  }
}

/**
 * Cache policies computed from the operation's text instead of field by field as it executes.
 *
 * Apollo's cache-control plugin hooks every resolved field (`willResolveField`): for a page of 20
 * articles with their mentions that is hundreds of calls, each allocating a policy object and three
 * closures, and it makes Apollo wrap every resolver of the schema to dispatch them; a CPU and allocation
 * profile of the country page under load put it at about a sixth of the server's allocations. newsgraph
 * sets no hint while resolving (every hint is a schema directive), so the policy follows from the fields
 * an operation selects: computed once per document (and per @skip/@include variables), with Apollo's
 * rules for each selected field: the hint of its return type, replaced by its own; `inheritMaxAge` takes
 * the parent's; a root field, or a field of object type without a hint, gets the default max-age (0,
 * uncacheable). A field asked of an interface is read on every type that implements it, since Apollo
 * reads the hint of the type that resolves it. Fields that would not run (under a null, in a fragment on
 * another type) count too: the policy can only come out shorter than Apollo's, never longer.
 * Meta fields (`__typename`, introspection) carry no hint, as in Apollo.
 *
 * With `ApolloServerPluginCacheControlDisabled`, this plugin sets `overallCachePolicy` before execution
 * (the response cache and newsgraph's `private` rule read it) and writes `Cache-Control` exactly as
 * Apollo's plugin would: `max-age=N, public|private` for a cacheable response without errors, `no-store`
 * otherwise.
 */
export function staticCachePolicyPlugin<TContext extends object>({ defaultMaxAge = 0 }: { defaultMaxAge?: number } = {}): ApolloServerPlugin<TContext> {
  const typeAnnotation = memoized((type: GraphQLNamedType) => annotationOf(type.astNode) ?? type.extensionASTNodes.map(annotationOf).find((a) => a !== null) ?? NO_ANNOTATION);
  const fieldAnnotation = memoized((field: GraphQLField<unknown, unknown>) => annotationOf(field.astNode) ?? NO_ANNOTATION);

  /** Apollo's policy of one field as an object type resolves it (cacheControl plugin, willResolveField). */
  const fieldPolicy = (field: GraphQLField<unknown, unknown>, root: boolean): CacheHint => {
    let maxAge: number | undefined;
    let scope: CacheHint["scope"];
    let inherit = false;
    const target = getNamedType(field.type);
    const composite = isCompositeType(target);
    if (composite) {
      const hint = typeAnnotation(target);
      maxAge = hint.maxAge;
      scope = hint.scope;
      inherit = Boolean(hint.inheritMaxAge);
    }
    const own = fieldAnnotation(field);
    if (own.inheritMaxAge && maxAge === undefined) {
      inherit = true;
      scope = own.scope ?? scope;
    } else {
      maxAge = own.maxAge ?? maxAge;
      scope = own.scope ?? scope;
    }
    if (maxAge === undefined && ((composite && !inherit) || root)) maxAge = defaultMaxAge;
    return { maxAge, scope };
  };

  /** The policy of `operation`, given the variables that @skip and @include read. */
  const operationPolicy = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): CacheHint => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const policy = new PolicyBuilder();
    const included = (node: { readonly directives?: readonly DirectiveNode[] }) =>
      !node.directives?.length ||
      (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false);
    // A fragment spread at the same place under the same type adds nothing new.
    const walked = new Set<string>();
    const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, root: boolean): void => {
      for (const selection of selectionSet.selections) {
        if (!included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          if (name.startsWith("__")) continue;
          const objects: readonly GraphQLObjectType[] = isAbstractType(parent) ? schema.getPossibleTypes(parent) : isObjectType(parent) ? [parent] : [];
          for (const object of objects) {
            const field = object.getFields()[name];
            if (field) policy.restrict(fieldPolicy(field, root));
          }
          // The selections below read the field's type as the query names it (fragments name subtypes).
          const declared = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
          const next = declared && getNamedType(declared.type);
          if (selection.selectionSet && next && isCompositeType(next)) walk(selection.selectionSet, next, false);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          if (type && isCompositeType(type)) walk(selection.selectionSet, type, root);
        } else {
          const fragment = fragments.get(selection.name.value);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          const key = `${selection.name.value}:${root}`;
          if (fragment && type && isCompositeType(type) && !walked.has(key)) {
            walked.add(key);
            walk(fragment.selectionSet, type, root);
          }
        }
      }
    };
    const rootType = schema.getRootType(operation.operation);
    if (rootType) walk(operation.selectionSet, rootType, true);
    return policy.hint();
  };

  // Per document (Apollo keeps one parsed document per query text) and operation; documents with
  // @skip or @include are computed per request, as their variables decide what is selected.
  const cached = new WeakMap<DocumentNode, Map<OperationDefinitionNode, CacheHint>>();
  const usesConditions = new WeakMap<DocumentNode, boolean>();
  const hasConditions = (document: DocumentNode): boolean => {
    let found = usesConditions.get(document);
    if (found === undefined) {
      found = document.loc ? /@(skip|include)\b/.test(document.loc.source.body) : true;
      usesConditions.set(document, found);
    }
    return found;
  };

  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, overallCachePolicy }) {
          if (!operation) return;
          let hint: CacheHint | undefined;
          if (hasConditions(document)) {
            // @skip/@include read the variables as execution will coerce them (defaults included); variables
            // that do not coerce fail the request anyway, and a failed response is not cached.
            const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
            hint = coerced.coerced ? operationPolicy(schema, document, operation, coerced.coerced) : { maxAge: 0 };
          } else {
            let byOperation = cached.get(document);
            if (!byOperation) cached.set(document, (byOperation = new Map()));
            hint = byOperation.get(operation);
            if (!hint) byOperation.set(operation, (hint = operationPolicy(schema, document, operation, {})));
          }
          overallCachePolicy.restrict(hint);
        },
        async willSendResponse({ response, overallCachePolicy }) {
          const existing = response.http.headers.get("cache-control");
          const written = parseCacheControl(existing);
          if (written === "unparsable") return;
          const policy = new PolicyBuilder();
          policy.maxAge = overallCachePolicy.maxAge;
          policy.scope = overallCachePolicy.scope;
          if (written && written !== "no-store") policy.restrict(written);
          const cacheable = policy.maxAge !== undefined && policy.maxAge > 0;
          if (cacheable && written !== "no-store" && response.body.kind === "single" && !response.body.singleResult.errors) {
            response.http.headers.set("cache-control", `max-age=${policy.maxAge}, ${(policy.scope ?? "PUBLIC").toLowerCase()}`);
          } else {
            response.http.headers.set("cache-control", "no-store");
          }
        },
      };
    },
  };
}

/** `compute`, remembered per key (schema types and fields live as long as the schema). */
function memoized<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) values.set(key, (value = compute(key)));
    return value;
  };
}

/** A `Cache-Control` header another plugin already set, as Apollo's plugin reads it. */
function parseCacheControl(header: string | undefined): CacheHint | "no-store" | "unparsable" | null {
  if (!header) return null;
  if (header === "no-store") return "no-store";
  const match = /^max-age=(\d+), (public|private)$/.exec(header);
  if (!match) return "unparsable";
  return { maxAge: Number(match[1]), scope: match[2] === "public" ? "PUBLIC" : "PRIVATE" };
}
