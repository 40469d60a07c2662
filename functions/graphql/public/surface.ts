import { buildSchema, GraphQLObjectType, GraphQLSchema, isObjectType, printSchema } from 'graphql';
import type { Resolvers } from '../generated/resolvers-types';

/**
 * THE PUBLIC SURFACE: the root fields anyone may call without a token, at `/public/graphql` (and
 * for any request that carries no verified claims). This list is the one place to extend it: a
 * new public operation (a satisfaction rating, feedback, online filing) adds its root field here,
 * gets `PUBLIC` in the authorization table (functions/domain/authorization.ts) and an entry in the
 * authorization matrix; the matrix checks that this list and the table's PUBLIC rows agree.
 *
 * The public schema is built from the same SDL (schema/*.graphql): these root fields and only the
 * types they reach. Nothing an officer reads (dossiers, inboxes, personal data, failures) is
 * reachable, so no query, alias or fragment on the public route can name it.
 */
export const PUBLIC_SURFACE = {
  Query: ['lookupDossier', 'procedures', 'procedure', 'ruleSets', 'ruleSetAt', 'agencies', 'agency', 'feedbackStatus', 'publishedFeedback'],
  // Issue 12: the applicant's rating (code + receipt secret) and feedback (PAKN) from anyone.
  Mutation: ['rateService', 'sendFeedback'],
} as const satisfies Record<'Query' | 'Mutation', readonly string[]>;

export const publicRootFields = (): ReadonlySet<string> => new Set<string>([...PUBLIC_SURFACE.Query, ...PUBLIC_SURFACE.Mutation]);

/** The full schema's root fields the public surface leaves out: the public route answers them UNAUTHENTICATED. */
export function officerOnlyRootFields(fullTypeDefs: string): ReadonlySet<string> {
  const full = buildSchema(fullTypeDefs);
  const publicOnes = publicRootFields();
  const names = [full.getQueryType(), full.getMutationType()].flatMap((root) => Object.keys(root?.getFields() ?? {}));
  return new Set(names.filter((name) => !publicOnes.has(name)));
}

/** The public schema's SDL: the full schema's root types cut to PUBLIC_SURFACE, and the types they reach. */
export function publicTypeDefs(fullTypeDefs: string): string {
  const full = buildSchema(fullTypeDefs);
  const cut = (root: GraphQLObjectType | null | undefined, names: readonly string[]) => {
    if (!root || names.length === 0) return undefined;
    const config = root.toConfig();
    const missing = names.filter((name) => !(name in config.fields));
    if (missing.length > 0) throw new Error(`PUBLIC_SURFACE names ${root.name} fields the schema does not have: ${missing.join(', ')}`);
    return new GraphQLObjectType({
      ...config,
      fields: Object.fromEntries(Object.entries(config.fields).filter(([name]) => names.includes(name))),
    });
  };
  const query = cut(full.getQueryType(), PUBLIC_SURFACE.Query);
  if (!query) throw new Error('The public surface needs at least one Query field');
  const mutation = cut(full.getMutationType(), PUBLIC_SURFACE.Mutation);
  // graphql-js collects every type reachable from the roots (fields, arguments, input fields); nothing else.
  return printSchema(new GraphQLSchema({ query, ...(mutation ? { mutation } : {}), directives: full.getDirectives() }));
}

/** The resolvers of the types the public schema has; root types cut to the public fields. */
export function publicResolvers(resolvers: Resolvers, typeDefs: string): Resolvers {
  const schema = buildSchema(typeDefs);
  const kept: Record<string, unknown> = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type) continue;
    if (isObjectType(type) && (typeName === 'Query' || typeName === 'Mutation')) {
      const names = new Set(Object.keys(type.getFields()));
      kept[typeName] = Object.fromEntries(Object.entries(fields as object).filter(([name]) => names.has(name)));
    } else {
      kept[typeName] = fields;
    }
  }
  return kept as Resolvers;
}
