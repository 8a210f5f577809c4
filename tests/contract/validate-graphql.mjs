// Validates GraphQL requests against GitHub's public schema (npm @octokit/graphql-schema, the
// schema GitHub publishes for api.github.com): the document with the package's validate(), and
// the variables sent with it against the document's variable definitions (graphql-js
// getVariableValues, the coercion GitHub's server applies before it runs anything).
//
// Usage: node validate-graphql.mjs REQUESTS.json
//   REQUESTS.json: [{ "name": "...", "query": "...", "variables": { ... } | null }, ...]
// Prints one JSON line per request: { name, errors: [..] }. Exit 0 when every request is valid,
// 1 when any is not, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { validate, schema } from '@octokit/graphql-schema';
import { buildClientSchema, parse, getVariableValues } from 'graphql';

if (process.argv.length !== 3) {
  console.error('usage: node validate-graphql.mjs REQUESTS.json');
  process.exit(2);
}

const requests = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// The introspection result, as the package's own validate() builds it (the SDL has duplicate fields graphql-js refuses).
const github = buildClientSchema(schema.json);
let invalid = 0;
for (const request of requests) {
  const errors = validate(request.query).map((e) => e.message);
  if (errors.length === 0 && request.variables != null) {
    for (const operation of parse(request.query).definitions.filter((d) => d.kind === 'OperationDefinition')) {
      const coerced = getVariableValues(github, operation.variableDefinitions ?? [], request.variables);
      errors.push(...(coerced.errors ?? []).map((e) => e.message));
    }
  }

  if (errors.length > 0) {
    invalid++;
  }

  console.log(JSON.stringify({ name: request.name, errors }));
}

process.exit(invalid === 0 ? 0 : 1);
