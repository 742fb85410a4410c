import "reflect-metadata";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, parse, validate, type GraphQLField, type GraphQLInputField } from "graphql";
import { PROJECT_ROOT } from "../../src/config";
import { buildNewsgraphSchema, printNewsgraphSchema } from "../../src/schema";

describe("the schema", () => {
  it("matches the committed schema.graphql", async () => {
    const committed = fs.readFileSync(path.join(PROJECT_ROOT, "schema.graphql"), "utf8");
    assert.equal(committed, await printNewsgraphSchema(), "run `npm run schema` and commit schema.graphql");
  });

  it("validates the example operations preloaded in Sandbox", async () => {
    const { EXAMPLE_OPERATIONS } = await import("../../src/examples");
    const schema = await buildNewsgraphSchema();
    assert.deepEqual(validate(schema, parse(EXAMPLE_OPERATIONS)).map(String), []);
  });

  it("describes every type, field, argument and enum value", async () => {
    const schema = await buildNewsgraphSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()) as (GraphQLField<unknown, unknown> | GraphQLInputField)[]) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
