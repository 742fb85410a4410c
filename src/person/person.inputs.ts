import { ArgsType, Field, ID, InputType } from "type-graphql";
import { IsOptional, ValidateNested } from "class-validator";
import { EntityStatus } from "../entity/entity.entity";
import { ConnectionArgs } from "../relay/connection";

/** Which people a list returns. */
@InputType("PersonFilter", { description: "Conditions on people; every condition given must hold." })
export class PersonFilter {
  @Field(() => EntityStatus, { nullable: true, description: "Only people with this status (UNVERIFIED: found in articles, awaiting an editor)." })
  @IsOptional()
  status?: EntityStatus | null;

  @Field(() => ID, { nullable: true, description: "Only people of this Country (its global id)." })
  @IsOptional()
  nationality?: string | null;
}

/** Arguments of lists of people. */
@ArgsType()
export class PersonConnectionArgs extends ConnectionArgs {
  @Field(() => PersonFilter, { nullable: true, description: "Which people to return." })
  @IsOptional()
  @ValidateNested()
  filter?: PersonFilter | null;
}
