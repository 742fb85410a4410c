import { ChildEntity, Column, Index } from "typeorm";
import { Directive, Field, ObjectType } from "type-graphql";
import { EntityBase, EntityKind } from "../entity/entity.entity";
import { Node } from "../relay/node.interface";
import type { NodeTypeName } from "../relay/global-id";
import { cacheFor, MaxAge } from "../cache/cache-control";

/** A country of ISO 3166-1, loaded from the `world-countries` package. */
@ChildEntity(EntityKind.COUNTRY)
@Directive(cacheFor(MaxAge.COUNTRY))
@ObjectType("Country", { implements: [Node, EntityBase], description: "A country (ISO 3166-1) mentioned in articles." })
export class Country extends EntityBase {
  override get nodeType(): NodeTypeName {
    return "Country";
  }

  @Index("UQ_entity_country_code", { unique: true })
  @Column({ type: "varchar", length: 2, nullable: true })
  @Field({ description: "ISO 3166-1 alpha-2 code, upper case (`IR`)." })
  code!: string;

  @Index("UQ_entity_country_alpha3", { unique: true })
  @Column({ type: "varchar", length: 3, nullable: true })
  @Field({ description: "ISO 3166-1 alpha-3 code, upper case (`IRN`)." })
  alpha3!: string;

  @Column({ type: "varchar", length: 64, nullable: true })
  @Field({ description: "Continent-level region (`Asia`, `Europe`, `Americas`, `Africa`, `Oceania`, `Antarctic`)." })
  region!: string;

  @Column({ type: "varchar", length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: "UN M49 subregion (`Southern Asia`)." })
  subregion!: string | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: "Capital city, when the country has one." })
  capital!: string | null;

  @Column({ type: "simple-json", nullable: true })
  @Field(() => [String], { description: "English demonyms (`Iranian`); articles using them are linked to the country." })
  demonyms!: string[];
}
