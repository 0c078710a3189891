// Reads an introspection result (JSON, on stdin) the way GraphQL code generators do with graphql-js 16:
// buildClientSchema, print the schema with every directive (the built-in ones too, as
// @graphql-tools/utils' printSchemaWithDirectives does), parse the printed text and build a schema
// from it. Prints one JSON object {errors: [...]}; an empty list means a client on graphql-js 16
// reads this API's schema.
import { readFileSync } from "node:fs";
import {
  DirectiveLocation,
  Kind,
  astFromValue,
  buildASTSchema,
  buildClientSchema,
  parse,
  print,
  printSchema,
  specifiedDirectives,
  version,
} from "graphql";

const errors = [];
const known = new Set(Object.values(DirectiveLocation));
const result = JSON.parse(readFileSync(0, "utf-8"));
const introspection = result.data ?? result;

for (const directive of introspection.__schema.directives) {
  for (const location of directive.locations) {
    if (!known.has(location)) {
      errors.push(`@${directive.name}: location ${location} is not in graphql-js ${version}'s DirectiveLocation`);
    }
  }
}

const name = (value) => ({ kind: Kind.NAME, value });

// The definition of a directive as printSchemaWithDirectives writes it (graphql-js' printSchema
// leaves out the specified ones, code generators do not).
function directiveDefinition(directive) {
  return print({
    kind: Kind.DIRECTIVE_DEFINITION,
    description: directive.description ? { kind: Kind.STRING, value: directive.description } : undefined,
    name: name(directive.name),
    repeatable: directive.isRepeatable,
    arguments: directive.args.map((arg) => ({
      kind: Kind.INPUT_VALUE_DEFINITION,
      name: name(arg.name),
      type: typeNode(String(arg.type)),
      defaultValue: arg.defaultValue === undefined ? undefined : astFromValue(arg.defaultValue, arg.type),
    })),
    locations: directive.locations.map(name),
  });
}

// The AST of a type reference written as text ("[String!]!").
function typeNode(text) {
  if (text.endsWith("!")) return { kind: Kind.NON_NULL_TYPE, type: typeNode(text.slice(0, -1)) };
  if (text.startsWith("[")) return { kind: Kind.LIST_TYPE, type: typeNode(text.slice(1, -1)) };
  return { kind: Kind.NAMED_TYPE, name: name(text) };
}

try {
  const schema = buildClientSchema(introspection);
  const builtIns = schema.getDirectives().filter((d) => specifiedDirectives.some((s) => s.name === d.name));
  const printed = [...builtIns.map(directiveDefinition), printSchema(schema)].join("\n\n");
  buildASTSchema(parse(printed));
} catch (error) {
  errors.push(String(error.message ?? error));
}

console.log(JSON.stringify({ graphqlJs: version, errors }));
