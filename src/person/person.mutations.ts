import { Field, ID, InputType, ObjectType } from "type-graphql";
import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength } from "class-validator";
import { EntityStatus } from "../entity/entity.entity";
import { Person } from "./person.entity";

/** Input of `createPerson`. */
@InputType("CreatePersonInput", { description: "A person to add to the graph, VERIFIED." })
export class CreatePersonInput {
  @Field({ description: "Full name as newsgraph should display it (`Abbas Araghchi`); the slug is made from it." })
  @Length(1, 200)
  name!: string;

  @Field(() => [String], { nullable: true, description: "Other names articles use (`Araghchi`, `Abbas Araqchi`); at most 50." })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 200, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: "One line on who the person is." })
  @IsOptional()
  @MaxLength(1000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: "Global id of the person's Country." })
  @IsOptional()
  nationality?: string | null;

  @Field(() => String, { nullable: true, description: "Wikidata item id (`Q7747`)." })
  @IsOptional()
  @Matches(/^Q[1-9][0-9]{0,11}$/)
  wikidataId?: string | null;
}

/** Result of `createPerson`. */
@ObjectType("CreatePersonPayload", { description: "Result of `createPerson`." })
export class CreatePersonPayload {
  @Field(() => Person, { description: "The new person." })
  person!: Person;
}

/** Input of `updatePerson`. */
@InputType("UpdatePersonInput", { description: "Fields of a person to change; omitted fields keep their value. Run `newsgraph relink` for new names to reach stored articles." })
export class UpdatePersonInput {
  @Field(() => ID, { description: "Global id of the person." })
  id!: string;

  @Field(() => String, { nullable: true, description: "New full name; the slug follows it." })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => [String], { nullable: true, description: "The complete new list of aliases (replaces the old one)." })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 200, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: "New description; an empty string removes it." })
  @IsOptional()
  @MaxLength(1000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: "Global id of the person's Country." })
  @IsOptional()
  nationality?: string | null;

  @Field(() => String, { nullable: true, description: "Wikidata item id (`Q7747`); an empty string removes it." })
  @IsOptional()
  @Matches(/^(Q[1-9][0-9]{0,11})?$/)
  wikidataId?: string | null;

  @Field(() => EntityStatus, { nullable: true, description: "VERIFIED to confirm a person newsgraph found in articles." })
  @IsOptional()
  status?: EntityStatus | null;
}

/** Result of `updatePerson`. */
@ObjectType("UpdatePersonPayload", { description: "Result of `updatePerson`." })
export class UpdatePersonPayload {
  @Field(() => Person, { description: "The person as now stored." })
  person!: Person;
}
