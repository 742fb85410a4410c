import { connectionTypes } from "../relay/connection";
import { Person } from "./person.entity";

/** `PersonConnection` / `PersonEdge`: lists of people. */
export const { Connection: PersonConnection, Edge: PersonEdge } = connectionTypes(
  "Person",
  () => Person,
  "A page of people, with cursors and the total number.",
);
export type PersonConnection = InstanceType<typeof PersonConnection>;
