import { ArgsType, Directive, Field, Int, ObjectType } from "type-graphql";
import { MAX_PAGE_SIZE } from "../relay/connection";
import { cacheFor, MaxAge } from "../cache/cache-control";

/**
 * What `Query.search` found: ranked articles and entities whose names begin with the query. The
 * resolver fills the hidden fields; `articles` and `entities` are resolved only when selected.
 */
@Directive(cacheFor(MaxAge.SEARCH))
@ObjectType("SearchResults", { description: "Articles and entities matching a search, for a search page or an autocomplete box." })
export class SearchResults {
  @Field({ description: "The search as understood, in canonical form: words, \"phrases\", `OR` groups and `-exclusions` (an open quote closed, punctuation-only terms and stray `OR`s dropped)." })
  query!: string;

  /** The search text as typed. */
  text!: string;
  /** The `first` of `Query.search`: the number of entities, and the article page size unless `articles` sets its own. */
  first!: number;
}

/** Paging arguments of `SearchResults.articles`: a Relay connection whose default page size is the search's `first`. */
@ArgsType()
export class SearchArticlesArgs {
  @Field(() => Int, { nullable: true, description: `Return at most this many articles from the start (0 to ${MAX_PAGE_SIZE}); the \`first\` of \`search\` when neither \`first\` nor \`last\` is given.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return articles after this cursor (an `endCursor` or edge `cursor` from this connection)." })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Return at most this many articles from the end (0 to ${MAX_PAGE_SIZE}); use with \`before\` to page backward.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Return articles before this cursor (a `startCursor` or edge `cursor` from this connection)." })
  before?: string | null;
}
