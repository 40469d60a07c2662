import type { Logger } from '@aws-lambda-powertools/logger';
import DataLoader from 'dataloader';
import type { Agency } from '#domain/agencies';
import { authorizeOperation, type Operation } from '#domain/authorization';
import type { Procedure } from '#domain/catalog';
import type { Dossier } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import type { Caller } from '#domain/lifecycle';
import type { Services } from '../services';

export interface GraphQLContext {
  caller: Caller | null;
  services: Services;
  loaders: {
    agency: DataLoader<string, Agency | undefined>;
    /** Keyed by `<code>#<version>`. */
    procedure: DataLoader<string, Procedure | undefined>;
  };
  logger: Logger;
  requestId: string;
  /** The client's address as API Gateway saw it: public writes are throttled per source. */
  sourceIp?: string;
}

/** One request's loaders: an inbox page of 20 dossiers reads its agencies in one BatchGet. */
export function createLoaders(services: Services): GraphQLContext['loaders'] {
  return {
    agency: new DataLoader((codes: readonly string[]) => services.agencies.getMany(codes), { maxBatchSize: 100 }),
    procedure: new DataLoader(
      (keys: readonly string[]) =>
        services.catalog.versions(
          keys.map((key) => {
            const [code = '', version] = key.split('#');
            return { code, version: Number(version) };
          }),
        ),
      { maxBatchSize: 100 },
    ),
  };
}

/**
 * The officer behind a request, from JWT claims the HTTP API's authorizer has verified. API
 * Gateway flattens list claims to "[a b]", so roles are read from either that or a
 * space-separated string.
 */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | null {
  if (!claims) return null;
  const officerId = asString(claims.sub);
  const agencyCode = asString(claims.agency);
  if (!officerId || !agencyCode) return null;
  const roles = (asString(claims.roles) ?? '')
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
  return { officerId, name: asString(claims.name) ?? officerId, agencyCode, roles };
}

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : undefined;

/**
 * The one door every resolver goes through: the authorization table's answer for this caller
 * (UNAUTHENTICATED or FORBIDDEN otherwise). Returns the caller for operations that need one.
 */
export function authorized(
  context: GraphQLContext,
  operation: Operation,
  target: { agency?: string | undefined; dossier?: Dossier | undefined } = {},
): Caller {
  authorizeOperation(operation, context.caller, target);
  if (!context.caller) throw new DomainError('UNAUTHENTICATED');
  return context.caller;
}
