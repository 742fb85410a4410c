import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Node } from "../relay/node.interface";
import { MAX_PAGE_SIZE } from "../relay/connection";
import { BadUserInputError } from "../errors/errors";
import { loadNode } from "./entity.service";

/** Relay object identification: refetch any object by its global id. */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "The object with this global id; null when it does not exist." })
  node(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "Global id of an Article, Person, Country or Topic." }) id: string) {
    return loadNode(ctx, id);
  }

  @Query(() => [Node], { nullable: "items", description: `The objects with these global ids, in the same order and number (at most ${MAX_PAGE_SIZE} ids); null for each that does not exist. A malformed id gives null at its position and a BAD_USER_INPUT error whose path ends with that position; the other ids are still answered.` })
  nodes(@Ctx() ctx: Context, @Arg("ids", () => [ID], { description: "Global ids, in the order wanted." }) ids: string[]) {
    if (ids.length > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`\`ids\` may hold at most ${MAX_PAGE_SIZE} ids; got ${ids.length}`, { argumentName: "ids", max: MAX_PAGE_SIZE });
    }
    // An error returned as an item is reported with that item's path and nulls only that item (as on
    // GitHub), instead of nulling the whole non-null list and, with it, every sibling field.
    return Promise.all(
      ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`).catch((error: unknown) => {
        if (error instanceof BadUserInputError) return error;
        throw error;
      })),
    );
  }
}
