import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { IsOptional, Max, Min } from "class-validator";
import { Article } from "../article/article.entity";
import { Mention, MentionRole } from "./mention.entity";

/** Input of `setMention`. */
@InputType("SetMentionInput", { description: "Links an article to an entity, or changes the link's role. `newsgraph relink` rebuilds links from the text and replaces edits made here." })
export class SetMentionInput {
  @Field(() => ID, { description: "Global id of the article." })
  article!: string;

  @Field(() => ID, { description: "Global id of the Person, Country or Topic." })
  entity!: string;

  @Field(() => MentionRole, { description: "ABOUT when the article is about the entity, MENTIONS otherwise." })
  role!: MentionRole;

  @Field(() => Int, { nullable: true, description: "How many times the article names the entity (default: kept, or 1 for a new link)." })
  @IsOptional()
  @Min(1)
  @Max(100000)
  count?: number | null;

  @Field(() => Float, { nullable: true, description: "Salience from 0 to 1 (default: kept, or 1 for ABOUT and 0.5 for MENTIONS on a new link)." })
  @IsOptional()
  @Min(0)
  @Max(1)
  salience?: number | null;
}

/** Result of `setMention`. */
@ObjectType("SetMentionPayload", { description: "Result of `setMention`." })
export class SetMentionPayload {
  @Field(() => Mention, { description: "The link as now stored." })
  mention!: Mention;

  @Field(() => Article, { description: "The article, with its mentions." })
  article!: Article;
}

/** Input of `removeMention`. */
@InputType("RemoveMentionInput", { description: "Unlinks an article from an entity." })
export class RemoveMentionInput {
  @Field(() => ID, { description: "Global id of the article." })
  article!: string;

  @Field(() => ID, { description: "Global id of the Person, Country or Topic." })
  entity!: string;
}

/** Result of `removeMention`. */
@ObjectType("RemoveMentionPayload", { description: "Result of `removeMention`." })
export class RemoveMentionPayload {
  @Field({ description: "Whether a link existed and was removed (false: there was none; nothing changed)." })
  removed!: boolean;

  @Field(() => Article, { description: "The article, with its remaining mentions." })
  article!: Article;
}
