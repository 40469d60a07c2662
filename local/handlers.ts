import { type HttpHandler, type LambdaRoute, PUBLIC_GRAPHQL_PATH } from './http';
import type { ScheduledHandler } from './pollers/schedule';
import type { SqsHandler } from './pollers/sqs-poller';
import type { StreamHandler } from './pollers/stream-poller';

/**
 * The Lambda handlers the platform runs, the same modules CDK bundles. Import them only once the
 * handler environment is set: they build their SDK clients from it when loaded.
 */
export async function importHandlers() {
  await describeTheSchema();
  const [graphql, print, relay, consumer, portalSync, portalIntake, filesSweeper, projector] = await Promise.all([
    import('#graphql/handler'),
    import('#print/handler'),
    import('#relay/handler'),
    import('#transfer-consumer/handler'),
    import('#portal-sync/handler'),
    import('#portal-intake/handler'),
    import('#files-sweeper/handler'),
    import('#projector/handler'),
  ]);
  return {
    graphql: graphql.handler as HttpHandler,
    print: print.handler as HttpHandler,
    relay: relay.handler as StreamHandler,
    consumer: consumer.handler as SqsHandler,
    portalSync: portalSync.handler as SqsHandler,
    /** Issue 10: pulls what was filed, answered or paid on the portal (an EventBridge schedule on AWS). */
    portalIntake: portalIntake.handler as ScheduledHandler,
    /** Scheduled hourly on AWS (infra/dossier-files.ts); the platform runs it on the same schedule. */
    filesSweeper: filesSweeper.handler,
    projector: projector.handler as StreamHandler,
  };
}

/**
 * The Lambda serves its schema without descriptions (generated/served-schema.ts); here, with
 * introspection on, the explorer's docs get them back, before the handler builds its schema.
 */
async function describeTheSchema(): Promise<void> {
  const [{ serveDescribedSchemas }, { typeDefs }, { publicTypeDefs }] = await Promise.all([
    import('#graphql/schema'),
    import('#graphql/generated/type-defs'),
    import('#graphql/public/surface'),
  ]);
  serveDescribedSchemas({ officer: typeDefs, public: publicTypeDefs(typeDefs) });
}

export type Handlers = Awaited<ReturnType<typeof importHandlers>>;

/** The HTTP API's routes, as infra/graphql-api.ts and infra/print-forms.ts add them. */
export function apiRoutes(handlers: Handlers): LambdaRoute[] {
  const graphql = { functionName: 'graphql', handler: handlers.graphql };
  const print = { functionName: 'print', handler: handlers.print };
  return [
    { routeKey: 'GET /graphql', ...graphql },
    { routeKey: 'POST /graphql', ...graphql },
    // The same API without the authorizer, for what anyone may do: the status lookup, the catalog.
    { routeKey: `POST ${PUBLIC_GRAPHQL_PATH}`, ...graphql, public: true },
    { routeKey: 'GET /forms/{form}/{dossierId}', ...print },
    { routeKey: 'GET /forms/{form}', ...print },
    // Statistics (issue 12): Form II.06a and the dashboard, on the print function.
    { routeKey: 'GET /reports/ii06a', ...print },
    { routeKey: 'GET /dashboard', ...print },
  ];
}
