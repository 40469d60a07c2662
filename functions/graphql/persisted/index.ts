import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { EdgeError } from '../hardening/codes';
import manifestJson from './manifest.json';

/**
 * Persisted operations: the allow-list of operations production front ends send by id. The
 * manifest (./manifest.json, Apollo's persisted-query-manifest format) is generated from the
 * documents in ./operations by `npx tsx scripts/persisted-operations.ts`; an operation's id is the
 * SHA-256 (hex) of its body, so the same id works as an APQ `sha256Hash` and as a `documentId`.
 */
export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface PersistedManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

/**
 * `required`: only manifest operations run (production clients send ids); `optional`: ids and
 * ad-hoc documents both work.
 */
export type PersistedMode = 'required' | 'optional';

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export class PersistedOperations {
  private readonly byId: ReadonlyMap<string, PersistedOperation>;

  constructor(readonly manifest: PersistedManifest) {
    this.byId = new Map(manifest.operations.map((operation) => [operation.id, operation]));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  body(id: string): string | undefined {
    return this.byId.get(id)?.body;
  }

  get size(): number {
    return this.byId.size;
  }
}

export const bundledManifest = manifestJson as PersistedManifest;

/** The mode from `PERSISTED_OPERATIONS`; unset means `optional`. Anything else stops the function from starting. */
export function persistedModeFrom(value: string | undefined): PersistedMode {
  if (value === undefined || value === '') return 'optional';
  if (value === 'required' || value === 'optional') return value;
  throw new Error(`PERSISTED_OPERATIONS must be "required" or "optional", not ${JSON.stringify(value)}`);
}

const APQ_PREFIX = 'apq:';

/**
 * The manifest as Apollo's APQ cache: a hash Apollo looks up finds the manifest's body; nothing a
 * client sends is ever stored (registration is a no-op), so the cache is exactly the allow-list.
 * Apollo prefixes its keys with `apq:`.
 */
export function manifestQueryCache(operations: PersistedOperations) {
  const id = (key: string) => (key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key);
  return {
    get: async (key: string): Promise<string | undefined> => operations.body(id(key)),
    set: async (): Promise<void> => {},
    delete: async (): Promise<boolean> => false,
  };
}

/**
 * In `required` mode, refuses any operation whose document is not in the manifest. Apollo has
 * hashed the document by then (or taken the client's verified hash), so an ad-hoc document is
 * refused even if it is syntactically a copy with different whitespace. The Lambda edge refuses
 * most such requests before parsing; this is the check that always runs.
 */
export function persistedOperationsPlugin(operations: PersistedOperations, mode: PersistedMode): ApolloServerPlugin {
  return {
    async requestDidStart() {
      if (mode !== 'required') return;
      return {
        async didResolveOperation({ queryHash }) {
          if (!operations.has(queryHash)) throw persistedQueryRequired();
        },
      };
    },
  };
}

export const persistedQueryRequired = () =>
  new EdgeError(
    'PERSISTED_QUERY_REQUIRED',
    'This API serves persisted operations only: send extensions.persistedQuery.sha256Hash (or documentId) of an operation in the manifest',
  );
