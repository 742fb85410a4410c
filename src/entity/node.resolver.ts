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

  @Query(() => [Node], { nullable: "items", description: `The objects with these global ids, in the same order and number; null for each that does not exist (at most ${MAX_PAGE_SIZE} ids).` })
  nodes(@Ctx() ctx: Context, @Arg("ids", () => [ID], { description: "Global ids, in the order wanted." }) ids: string[]) {
    if (ids.length > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`\`ids\` may hold at most ${MAX_PAGE_SIZE} ids; got ${ids.length}`, { argumentName: "ids", max: MAX_PAGE_SIZE });
    }
    return Promise.all(ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`)));
  }
}
