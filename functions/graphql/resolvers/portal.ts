import DataLoader from 'dataloader';
import type { Dossier } from '#domain/dossier';
import { NEVER_SYNCED, type PortalSyncRecord, portalSyncState } from '#portal/sync-plan';
import type { GraphQLContext } from '../context';
import type { PortalSync, Resolvers } from '../generated/resolvers-types';

/** One loader per request: an inbox page of 20 dossiers reads their sync records in one BatchGet. */
const loaders = new WeakMap<GraphQLContext, DataLoader<string, PortalSyncRecord | undefined>>();
const loaderOf = (context: GraphQLContext) => {
  const found = loaders.get(context);
  if (found) return found;
  const loader = new DataLoader((ids: readonly string[]) => context.services.portalSync.records(ids));
  loaders.set(context, loader);
  return loader;
};

export const portalResolvers: Resolvers = {
  Dossier: {
    portalSync: async (dossier, _args, context) => toPortalSync(dossier, (await loaderOf(context).load(dossier.id)) ?? NEVER_SYNCED),
  },
};

function toPortalSync(dossier: Dossier, record: PortalSyncRecord): PortalSync {
  return {
    acknowledgedVersion: record.acknowledgedVersion,
    acknowledgedAt: record.acknowledgedAt ?? null,
    lastError: record.lastError ?? null,
    lastAttemptAt: record.lastAttemptAt ?? null,
    attempts: record.attempts,
    state: portalSyncState(dossier, record),
  };
}
