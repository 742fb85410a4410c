import { ArgsType, Field, type ClassType } from "type-graphql";
import { ValidateNested } from "class-validator";

/**
 * The arguments of a Relay-style mutation: one `input` object (https://relay.dev/docs/guided-tour/updating-data/graphql-mutations/).
 * Wrapping it in an ArgsType makes class-validator report invalid fields by their full path
 * (`input.url`), which is what clients see in `extensions.fields`.
 */
export function MutationInput<T extends object>(InputClass: ClassType<T>, description: string) {
  @ArgsType()
  class Args {
    @Field(() => InputClass, { description })
    @ValidateNested()
    input!: T;
  }
  return Args;
}
