import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Agency } from '#domain/agencies';
import { DEFAULT_UNITS_EDITION } from '#domain/agencies-editions';
import { provinceAgencies, type UnitsEdition } from '#seed/seed';
import { loadDevIssuer } from './auth';
import { applyHandlerEnvironment, filesBucketName, LOCAL_CREDENTIALS, LOCAL_REGION, loopbackUrl } from './aws-env';
import { TRANSFER_CONSUMER_MAPPING } from './consumer-mapping';
import { type DemoOfficer, demoOfficers } from './demo-officers';
import { type Emulator, startDynamoDbLocal, startSqsEmulator } from './emulators';
import { apiRoutes, type Handlers, importHandlers } from './handlers';
import { startHttpServer } from './http';
import { type ScheduledRun, startSchedule } from './pollers/schedule';
import { type SqsPoller, startSqsPoller } from './pollers/sqs-poller';
import { type StreamPoller, startStreamPoller } from './pollers/stream-poller';
import { type LocalPortalSync, startLocalPortalSync } from './portal-sync';
import { PROJECTOR_MAPPING, projectorFailureQueue } from './projector-mapping';
import { ensureFilesBucket, ensureTable, provisionAgencyQueues } from './provision';
import { RELAY_MAPPING, relayFailureQueue, sendToFailureQueue } from './relay-mapping';

export interface PlatformOptions {
  provinceCode: string;
  unitsEdition?: UnitsEdition;
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** Keep DynamoDB, SQS, stream checkpoints and the issuer key here; in memory when absent. */
  dataDir?: string | undefined;
  /** Wipe the kept data (not the issuer key) before starting. */
  fresh?: boolean;
  /** Agencies whose own system reads their queue: no platform consumer polls those queues. */
  externalAgencies?: readonly string[];
  /**
   * Emulators already running (a test run shares one pair): used as they are, neither started
   * nor stopped here. Give `names` too, so that nothing collides with other users of them.
   */
  emulators?: { dynamodb: string; sqs: string };
  /** The table's name and the queues' prefix; by default `lienthong-<province>-<units>` and `lienthong-<province>-`. */
  names?: { tableName: string; queueNamePrefix: string };
  /** Long-poll wait of the queue pollers (Lambda's is 20 s). */
  sqsWaitTimeSeconds?: number;
  /** The national portal (an emulator already running, e.g. the tests' shared one); else one is started. */
  portalUrl?: string;
  /** How often dossiers filed online are pulled from the portal (its EventBridge rule on AWS: every 2 minutes). */
  portalIntakeEveryMs?: number;
  onProgress?: (step: PlatformStep, done: number, total: number) => void;
}

export type PlatformStep = 'emulators' | 'queues' | 'seed' | 'handlers';

export interface DemoToken extends DemoOfficer {
  token: string;
}

/** An agency whose own system reads its queue (`--external`), with what that system needs. */
export interface ExternalAgency {
  code: string;
  name: string;
  /** Its FIFO queue, as a URL any program on this machine can use (host 127.0.0.1). */
  queueUrl: string;
  /** A token for its system (role AGENCY_SYSTEM), signed by the local issuer. */
  token: string;
}

export interface Platform {
  /** The GraphQL endpoint (officers, with a token). */
  url: string;
  /** The GraphQL endpoint without a token: the status lookup and the catalog. */
  publicUrl: string;
  explorerUrl: string;
  /** Printable forms: `${formsUrl}/{01..07}/{dossierId}` (the dossier's rule set numbers them) and the register, `${formsUrl}/07?from=&to=`. */
  formsUrl: string;
  /** Both on 127.0.0.1, usable from any program on this machine (the AWS CLI, another SDK). */
  endpoints: { dynamodb: string; sqs: string };
  externalAgencies: ExternalAgency[];
  province: { code: string; name: string; unitsEdition: UnitsEdition };
  tableName: string;
  queueNamePrefix: string;
  /** Where the relay's mapping puts batches it gave up on, as its on-failure destination on AWS. */
  relayFailureQueueUrl: string;
  counts: { agencies: number; procedures: number; queues: number };
  tokens: DemoToken[];
  /** Milliseconds per start-up step. */
  timings: Record<PlatformStep, number>;
  /** The national portal (DVCQG) emulator, its sync queue and DLQ. */
  portal: Pick<LocalPortalSync, 'portalUrl' | 'queues' | 'emulator'>;
  pollers: {
    stream: StreamPoller;
    /** The statistics projector's reader of the same stream. */
    projector: StreamPoller;
    sqs: SqsPoller;
    /** Issue 10: the scheduled pull of online filings from the portal. */
    portalIntake: ScheduledRun;
    /** Waits until every stream record is relayed and every queued handoff consumed. */
    drain(timeoutMs?: number): Promise<void>;
  };
  stop(): Promise<void>;
}

/**
 * The whole platform in this process: DynamoDB Local and the SQS emulator, the province's table
 * and queues, its seed data, and the very Lambda handlers that run on AWS behind an HTTP API
 * emulation and event source mapping pollers. The handlers keep module state (their SDK clients
 * and environment), so run one platform per process.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const unitsEdition = options.unitsEdition ?? DEFAULT_UNITS_EDITION;
  // Fails on an unknown province before anything starts.
  const agencies = provinceAgencies(options.provinceCode, unitsEdition);
  const province = agencies[0] as (typeof agencies)[number];
  const progress = options.onProgress ?? (() => undefined);
  const dataDir = options.dataDir;
  if (dataDir && options.fresh) await wipeData(dataDir);

  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch((error) => console.warn('[platform] stop:', error));
  };
  try {
    const timings: Record<PlatformStep, number> = { emulators: 0, queues: 0, seed: 0, handlers: 0 };
    const timed = async <T>(step: PlatformStep, work: () => Promise<T>): Promise<T> => {
      const startedAt = performance.now();
      const result = await work();
      timings[step] = Math.round(performance.now() - startedAt);
      return result;
    };

    progress('emulators', 0, 2);
    const [dynamo, sqs] = options.emulators
      ? [{ endpoint: options.emulators.dynamodb }, { endpoint: options.emulators.sqs }]
      : await timed('emulators', () => startEmulators(dataDir, stops));
    progress('emulators', 2, 2);

    const { tableName, queueNamePrefix } = options.names ?? {
      tableName: `lienthong-${options.provinceCode}-${unitsEdition}`,
      queueNamePrefix: `lienthong-${options.provinceCode}-`,
    };
    applyHandlerEnvironment({
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqs.endpoint,
      tableName,
      queueNamePrefix,
      provinceCode: options.provinceCode,
    });
    const clientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const dynamoClient = new DynamoDBClient({ ...clientConfig, endpoint: dynamo.endpoint });
    const sqsClient = new SQSClient({ ...clientConfig, endpoint: sqs.endpoint });
    stops.push(async () => {
      dynamoClient.destroy();
      sqsClient.destroy();
    });

    const { queues, relayFailureQueueUrl } = await timed('queues', () =>
      provisionProvince(dynamoClient, sqsClient, sqs.endpoint, tableName, queueNamePrefix, agencies, progress),
    );
    const seeded = await timed('seed', async () => {
      const { seedProvince } = await import('#seed/seed');
      return seedProvince({
        tableName,
        provinceCode: options.provinceCode,
        unitsEdition,
        onProgress: (done, total) => progress('seed', done, total),
      });
    });
    // Agencies an administrator added through GraphQL on an earlier run get their queues now, as
    // the next deploy creates them on AWS (after `npm run agencies:export`).
    const added = await addedAgencyCodes(tableName, agencies);
    if (added.length > 0) {
      for (const [code, queue] of await provisionAgencyQueues(sqsClient, { queueNamePrefix, agencyCodes: added })) queues.set(code, queue);
    }

    const portal = await startLocalPortalSync({
      sqs: sqsClient,
      sqsEndpoint: sqs.endpoint,
      queueNamePrefix,
      portalUrl: options.portalUrl,
      sqsWaitTimeSeconds: options.sqsWaitTimeSeconds,
    });
    stops.push(() => portal.stop());

    progress('handlers', 0, 1);
    const handlers = await timed('handlers', importHandlers);
    const portalSender = portal.startSender(handlers.portalSync);
    const portalIntake = startSchedule({
      handler: handlers.portalIntake,
      everyMs: options.portalIntakeEveryMs ?? 5_000,
      functionName: 'portal-intake',
    });
    stops.push(() => portalIntake.stop());
    const stream = await startStreamPoller({
      ...RELAY_MAPPING,
      endpoint: dynamo.endpoint,
      tableName,
      handler: handlers.relay,
      functionName: 'relay',
      checkpointFile: dataDir ? join(dataDir, 'stream-checkpoints', `${tableName}.json`) : undefined,
      startingPosition: 'TRIM_HORIZON',
      onDiscard: sendToFailureQueue(sqsClient, relayFailureQueueUrl, 'relay'),
    });
    stops.push(() => stream.stop());
    // The stream's second reader: the statistics read model (issue 12), with its own checkpoints.
    const projector = await startStreamPoller({
      ...PROJECTOR_MAPPING,
      endpoint: dynamo.endpoint,
      tableName,
      handler: handlers.projector,
      functionName: 'projector',
      checkpointFile: dataDir ? join(dataDir, 'stream-checkpoints', `${tableName}.projector.json`) : undefined,
      startingPosition: 'TRIM_HORIZON',
      onDiscard: sendToFailureQueue(sqsClient, await projectorFailureQueue(sqsClient, queueNamePrefix), 'projector'),
    });
    stops.push(() => projector.stop());
    const sqsPoller = startSqsPoller({
      endpoint: sqs.endpoint,
      queues: [...queues.entries()].filter(([code]) => !options.externalAgencies?.includes(code)).map(([, queue]) => queue),
      ...TRANSFER_CONSUMER_MAPPING,
      handler: handlers.consumer,
      functionName: 'transfer-consumer',
      waitTimeSeconds: options.sqsWaitTimeSeconds,
    });
    stops.push(() => sqsPoller.stop());
    // The dossier files sweeper (issue 11), hourly as its EventBridge schedule runs it on AWS.
    const sweeping = setInterval(
      () => void handlers.filesSweeper().catch((error) => console.warn('[platform] files sweeper:', error)),
      3_600_000,
    );
    sweeping.unref();
    stops.push(async () => clearInterval(sweeping));
    const { http, tokens, issuer } = await startApi(handlers, agencies, dataDir, options.port ?? 4000);
    stops.push(() => http.close());
    progress('handlers', 1, 1);

    const externalAgencies = await Promise.all(
      (options.externalAgencies ?? []).map(async (code) => {
        const agency = agencies.find((candidate) => candidate.code === code);
        const queue = queues.get(code);
        if (!agency || !queue) throw new Error(`--external: ${code} is not an agency of province ${options.provinceCode}`);
        const name = `Hệ thống của ${agency.name}`;
        const token = await issuer.issue({ sub: `system-${code}`, name, agency: code, roles: 'AGENCY_SYSTEM' });
        return { code, name: agency.name, queueUrl: loopbackUrl(queue.queueUrl), token };
      }),
    );

    return {
      url: http.url,
      publicUrl: http.publicUrl,
      explorerUrl: http.url,
      formsUrl: `${http.baseUrl}/forms`,
      endpoints: { dynamodb: dynamo.endpoint, sqs: loopbackUrl(sqs.endpoint) },
      externalAgencies,
      province: { code: province.code, name: province.unitName, unitsEdition },
      tableName,
      queueNamePrefix,
      relayFailureQueueUrl,
      counts: { agencies: seeded.agencies, procedures: seeded.procedures, queues: queues.size * 2 },
      tokens,
      timings,
      portal,
      pollers: {
        stream,
        projector,
        sqs: sqsPoller,
        portalIntake,
        async drain(timeoutMs = 30_000) {
          // What the portal holds for the province comes in first, as if its schedule had just run.
          // A portal told to fail must not fail the drain: the schedule reports it and tries again.
          await portalIntake.runNow().catch(() => undefined);
          // A consumer may write events the relay must forward again: settle until both are quiet.
          await stream.drain(timeoutMs);
          await sqsPoller.drain(timeoutMs);
          await stream.drain(timeoutMs);
          await portalSender.drain(timeoutMs);
          await projector.drain(timeoutMs);
        },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function addedAgencyCodes(tableName: string, listed: readonly Agency[]): Promise<string[]> {
  const { servicesForTable } = await import('#services/index');
  const known = new Set(listed.map((agency) => agency.code));
  const inTable = await servicesForTable(tableName).agencies.all();
  return inTable.map((agency) => agency.code).filter((code) => !known.has(code));
}

async function provisionProvince(
  dynamo: DynamoDBClient,
  sqs: SQSClient,
  sqsEndpoint: string,
  tableName: string,
  queueNamePrefix: string,
  agencies: readonly Agency[],
  progress: NonNullable<PlatformOptions['onProgress']>,
) {
  await ensureTable(dynamo, tableName);
  // fauxqs serves S3 on the SQS port: the dossier files bucket (issue 11).
  const s3 = new S3Client({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: loopbackUrl(sqsEndpoint),
    forcePathStyle: true,
  });
  await ensureFilesBucket(s3, filesBucketName(queueNamePrefix));
  s3.destroy();
  const queues = await provisionAgencyQueues(sqs, {
    queueNamePrefix,
    agencyCodes: agencies.map((agency) => agency.code),
    onProgress: (done, total) => progress('queues', done, total),
  });
  return { queues, relayFailureQueueUrl: await relayFailureQueue(sqs, queueNamePrefix) };
}

/** The HTTP API with the local issuer as its JWT authorizer, and a token for each demo officer. */
async function startApi(handlers: Handlers, agencies: readonly Agency[], dataDir: string | undefined, port: number) {
  const issuer = await loadDevIssuer(dataDir ? join(dataDir, 'dev-issuer.json') : undefined);
  const tokens = await Promise.all(demoOfficers(agencies).map(async (officer) => ({ ...officer, token: await issuer.issue(officer) })));
  const http = await startHttpServer({
    port,
    routes: apiRoutes(handlers),
    verifyToken: issuer.verify,
    explorerIdentities: tokens.map((officer) => ({
      label: `${officer.name} · ${officer.role} · ${officer.agencyName}`,
      token: officer.token,
    })),
  });
  return { http, tokens, issuer };
}

async function startEmulators(dataDir: string | undefined, stops: (() => Promise<unknown>)[]): Promise<[Emulator, Emulator]> {
  const started = await Promise.allSettled([
    startDynamoDbLocal({ dataDir: dataDir && join(dataDir, 'dynamodb') }),
    startSqsEmulator({ dataDir: dataDir && join(dataDir, 'sqs') }),
  ]);
  for (const result of started) if (result.status === 'fulfilled') stops.push(() => result.value.stop());
  const [dynamo, sqs] = started;
  if (dynamo.status === 'rejected') throw dynamo.reason;
  if (sqs.status === 'rejected') throw sqs.reason;
  return [dynamo.value, sqs.value];
}

async function wipeData(dataDir: string): Promise<void> {
  for (const entry of ['dynamodb', 'sqs', 'stream-checkpoints']) {
    await rm(join(dataDir, entry), { recursive: true, force: true });
  }
}
