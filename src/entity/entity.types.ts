import { ArgsType, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionArgs, connectionTypes } from "../relay/connection";
import { EntityBase, EntityKind, EntityStatus } from "./entity.entity";

registerEnumType(EntityKind, {
  name: "EntityKind",
  description: "Kinds of entity articles mention.",
  valuesConfig: {
    PERSON: { description: "A Person." },
    COUNTRY: { description: "A Country." },
    TOPIC: { description: "A Topic." },
  },
});

registerEnumType(EntityStatus, {
  name: "EntityStatus",
  description: "Whether an editor has confirmed an entity.",
  valuesConfig: {
    VERIFIED: { description: "Reference data, or confirmed by an editor." },
    UNVERIFIED: { description: "Found in articles by newsgraph; an editor may confirm, rename or merge it." },
  },
});

/** Fields a co-mention edge adds to cursor and node. */
@ObjectType("CoMentionEdgeFields", { description: "Base of CoMentionEdge; not part of the schema on its own." })
export class CoMentionEdgeFields {
  @Field(() => Int, { description: "Number of articles that mention both this entity and the one asked about." })
  count!: number;
}

/** `CoMentionConnection`: entities most often mentioned in the same articles as a given one. */
export const { Connection: CoMentionConnection, Edge: CoMentionEdge } = connectionTypes(
  "CoMention",
  () => EntityBase,
  "Entities mentioned in the same articles as a given entity, most shared articles first (ties: the entity more prominent in those articles first). Never includes the entity itself.",
  CoMentionEdgeFields,
);
export type CoMentionConnection = InstanceType<typeof CoMentionConnection>;

/** Arguments of `Entity.coMentioned`. */
@ArgsType()
export class CoMentionArgs extends ConnectionArgs {
  @Field(() => EntityKind, { nullable: true, description: "Only entities of this kind (e.g. PERSON: who is mentioned most with this entity)." })
  kind?: EntityKind | null;
}
