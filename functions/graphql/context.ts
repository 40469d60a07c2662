import DataLoader from 'dataloader';
import type { KeyedLogger } from '#aws/keyed-logger';
import type { Agency } from '#domain/agencies';
import { authorizeOperation, isInProvince, type Operation } from '#domain/authorization';
import type { Procedure } from '#domain/catalog';
import type { Dossier } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import type { Caller } from '#domain/lifecycle';
import type { PersonalDataAudit, Services } from '../services';

export interface GraphQLContext {
  caller: Caller | null;
  services: Services;
  loaders: {
    agency: DataLoader<string, Agency | undefined>;
    /** The agencies directly under a code (ROOT_AGENCIES: the province agency), closed ones included. */
    children: DataLoader<string, Agency[]>;
    /** Keyed by `<code>#<version>`. */
    procedure: DataLoader<string, Procedure | undefined>;
  };
  logger: KeyedLogger;
  requestId: string;
  /** Records a read of each dossier whose personal data this request shows in full. */
  audit: PersonalDataAudit;
  /**
   * Who is asking, for per-client limits (the public lookup's wrong-secret budget): a keyed hash
   * of the source address API Gateway saw, never the address itself; undefined without an
   * address. Computed when first asked for (`withClientKey`), so only the requests that spend the
   * budget pay for the HMAC and need its key. Async because the key may still be on its way from
   * Secrets Manager in a new container: a caller cannot run ahead of it.
   */
  clientKey?: () => Promise<string | undefined>;
}

/**
 * `context` with a `clientKey()` that computes the key of `sourceAddress` on its first call and
 * gives the same promise after. A plain function property: Apollo's per-operation copy of the
 * context (`Object.assign(Object.create(prototype), context)`) copies it without calling it.
 */
export function withClientKey<T extends object>(
  context: T,
  sourceAddress: string | undefined,
  keyOf: (address: string) => Promise<string>,
): T & { clientKey: () => Promise<string | undefined> } {
  let key: Promise<string> | undefined;
  const clientKey = (): Promise<string | undefined> => {
    if (sourceAddress === undefined) return Promise.resolve(undefined);
    key ??= keyOf(sourceAddress);
    return key;
  };
  return Object.assign(Object.create(Object.getPrototypeOf(context) as object | null) as T, context, { clientKey });
}

/** The `children` loader's key for the top of the tree. */
export const ROOT_AGENCIES = '';

/** One request's loaders: an inbox page of 20 dossiers reads its agencies in one BatchGet. */
export function createLoaders(services: Services): GraphQLContext['loaders'] {
  // Names come from the container's copy where it has one (services/reference-cache.ts); the loader
  // batches the rest into one BatchGet per request.
  const agency = new DataLoader((codes: readonly string[]) => services.agencies.cachedMany(codes), { maxBatchSize: 100 });
  return {
    agency,
    // Each parent's children are read once per request, however often a query asks (aliases,
    // `children { parent { children … } }`), and each child read primes the agency loader, so
    // `parent` of a listed agency's child costs nothing more.
    children: new DataLoader(async (parents: readonly string[]) =>
      Promise.all(
        parents.map(async (parent) => {
          const found = await services.agencies.children(parent === ROOT_AGENCIES ? null : parent);
          for (const child of found) agency.prime(child.code, child);
          return found;
        }),
      ),
    ),
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
 * space-separated string. A token whose agency is not of this deployment's province
 * (`PROVINCE_CODE`) names no caller here, from the platform's issuer or an external one: its
 * roles, PROVINCE_ADMIN and AUDITOR included, grant nothing in this province.
 */
export function callerFromClaims(
  claims: Record<string, unknown> | undefined,
  provinceCode: string | undefined = process.env.PROVINCE_CODE,
): Caller | null {
  if (!claims) return null;
  const officerId = asString(claims.sub);
  const agencyCode = asString(claims.agency);
  if (!officerId || !agencyCode) return null;
  if (provinceCode !== undefined && !isInProvince(agencyCode, provinceCode)) return null;
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
