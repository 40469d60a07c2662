import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { GraphQLContext } from './context';
import { createErrorFormatter } from './errors';
import { officerOnlyRootFields } from './generated/served-schema';
import { armorProtections } from './hardening/armor';
import { type EdgeMiddleware, edgeMiddleware } from './hardening/edge';
import { LIMITS, type Limits, PUBLIC_LIMITS, UNPAGED_LIST_SIZES } from './hardening/limits';
import {
  bundledManifest,
  manifestQueryCache,
  type PersistedManifest,
  PersistedOperations,
  persistedModeFrom,
  persistedOperationsPlugin,
} from './persisted';
import { executableSchema, type Surface } from './schema';

export type { Surface };

export interface ServerOptions {
  /** `local` turns on introspection, field suggestions and error details for developers; anything else is production. */
  stage: string;
  logger: Logger;
  /** `PERSISTED_OPERATIONS`: `required` serves manifest operations only; unset or `optional` serves any. */
  persistedOperations?: string | undefined;
  /** Which schema and limits this server serves; `officer` when omitted. */
  surface?: Surface;
  /** Tests only: other limits or another manifest. */
  limits?: Limits;
  manifest?: PersistedManifest;
}

/**
 * The hardened GraphQL server (docs/api-hardening.md): Armor's depth, cost, alias and directive
 * limits, Apollo's recursive-selection limit, introspection and suggestions only locally, the
 * persisted-operation manifest as the only APQ store, batching off, errors masked.
 */
export function createApolloServer(options: ServerOptions): ApolloServer<GraphQLContext> {
  const developing = options.stage === 'local';
  const isPublic = options.surface === 'public';
  const limits = limitsOf(options);
  const operations = new PersistedOperations(options.manifest ?? bundledManifest);
  const armor = armorProtections(limits, {
    blockFieldSuggestions: !developing,
    // Anonymous requests pay for unpaged lists by what they can hold; officers' limits are as they were.
    ...(isPublic ? { listSizes: UNPAGED_LIST_SIZES } : {}),
  });
  return new ApolloServer<GraphQLContext>({
    // Built ahead of time and once per surface (./schema.ts): Apollo takes it as it is.
    schema: executableSchema(isPublic ? 'public' : 'officer'),
    introspection: developing,
    hideSchemaDetailsFromClientErrors: !developing,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    maxRecursiveSelections: limits.maxRecursiveSelections,
    // The edge counts tokens before Apollo; graphql-js's own count is the backstop if it is bypassed.
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: armor.validationRules,
    persistedQueries: { cache: manifestQueryCache(operations) },
    formatError: createErrorFormatter(options.logger, developing),
    plugins: [
      ...armor.plugins,
      persistedOperationsPlugin(operations, persistedModeFrom(options.persistedOperations)),
      // The local platform serves its own offline explorer; Apollo's landing page loads from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      // Nothing is reported to Apollo's cloud (no APOLLO_KEY). Installed, these keep Apollo from
      // importing its reporting and tracing plugins at start (the inline-trace one always loads
      // otherwise, protobuf and all), which lets the Lambda build stub that code out.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // No field carries a cache hint, so every answer was uncacheable and the plugin set no header;
      // disabled, Apollo neither imports it (infra/lambda-build.ts UNREACHABLE) nor runs it per field.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
}

const limitsOf = (options: ServerOptions): Limits => options.limits ?? (options.surface === 'public' ? PUBLIC_LIMITS : LIMITS);

/** The Lambda middleware that screens requests before Apollo sees them (size, JSON, tokens, allow-list). */
export function createEdgeMiddleware(options: ServerOptions): EdgeMiddleware {
  return edgeMiddleware({
    limits: limitsOf(options),
    ...(options.surface === 'public' ? { officerOnlyRootFields: new Set(officerOnlyRootFields) } : {}),
    operations: new PersistedOperations(options.manifest ?? bundledManifest),
    persistedMode: persistedModeFrom(options.persistedOperations),
  });
}
