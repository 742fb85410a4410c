import { connectionTypes } from "../relay/connection";
import { Article } from "./article.entity";

/** `ArticleConnection` / `ArticleEdge`: every list of articles in the API. */
export const { Connection: ArticleConnection, Edge: ArticleEdge } = connectionTypes(
  "Article",
  () => Article,
  "A page of articles, with cursors and the total number of matches.",
);
export type ArticleConnection = InstanceType<typeof ArticleConnection>;
