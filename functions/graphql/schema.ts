import { buildASTSchema, type GraphQLSchema, parse } from 'graphql';
import { attachResolvers } from './attach-resolvers';
import { officerSdl, publicSdl } from './generated/served-schema';
import { resolvers } from './resolvers';

/**
 * `officer`: the whole schema, for requests the JWT authorizer let through. `public`: the public
 * schema (./public/surface.ts) with the public limits, for `/public/graphql` and anything else
 * that carries no verified claims.
 */
export type Surface = 'officer' | 'public';

/**
 * The SDL each surface serves. Generated and checked at codegen time (scripts/codegen-schema.ts),
 * so it is built here with graphql-js's validation assumed done, and without descriptions.
 */
const served: Record<Surface, string> = { officer: officerSdl, public: publicSdl };

const built = new Map<Surface, GraphQLSchema>();

/**
 * The executable schema of a surface, built once per process on first use: parse the generated
 * SDL, build it without validating it again, attach the resolvers. (No graphql-tools at run time;
 * test/graphql/schema.test.ts checks the result against makeExecutableSchema's.)
 */
export function executableSchema(surface: Surface): GraphQLSchema {
  let schema = built.get(surface);
  if (!schema) {
    const document = parse(served[surface], { noLocation: true });
    schema = attachResolvers(buildASTSchema(document, { assumeValid: true, assumeValidSDL: true }), resolvers, {
      partial: surface === 'public',
    });
    built.set(surface, schema);
  }
  return schema;
}

/**
 * `npm start` only: serve the same schemas with their descriptions, for the explorer's docs. Call
 * it before the first request (before importing the handler). The SDL must be the generated one's
 * described twin; local/handlers.ts passes type-defs.ts and its public cut.
 */
export function serveDescribedSchemas(sdl: Record<Surface, string>): void {
  served.officer = sdl.officer;
  served.public = sdl.public;
  built.clear();
}
