import { Directive, Field, ID, InterfaceType } from "type-graphql";
import { toGlobalId, type NodeTypeName } from "./global-id";
import { cacheFor, MaxAge } from "../cache/cache-control";

/**
 * Relay's `Node`: every object a client may refetch by id. Implementations keep their database key
 * in `id` and name their GraphQL type in `nodeType`; the global `id` field is derived from both.
 */
@Directive(cacheFor(MaxAge.ARTICLE))
@InterfaceType("Node", { description: "An object with a stable, opaque global ID that `Query.node` and `Query.nodes` can refetch." })
export abstract class Node {
  /** Database primary key; clients only ever see the global id. */
  abstract id: number;
  /** Name of the GraphQL object type. */
  abstract get nodeType(): NodeTypeName;

  @Field(() => ID, { name: "id", description: "Opaque global ID of this object. Stable for the object's lifetime; pass it to `Query.node`." })
  get globalId(): string {
    return toGlobalId(this.nodeType, this.id);
  }
}
