/**
 * An agency's own system subscribed to its Liên Thông transfer queue (docs/queue-contract/).
 * For each message: check it against the contract, acknowledge it through GraphQL, then accept
 * the handoff (HANDOFF, RETURN) or give the opinion asked for (OPINION_REQUEST). The message is
 * deleted only when all of that succeeded; otherwise it comes back, and after 5 tries it lands in
 * the agency's dead-letter queue for the province's operators.
 */
import { readFileSync } from 'node:fs';
import { type Message, SQSClient } from '@aws-sdk/client-sqs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Consumer } from 'sqs-consumer';

/** The message, as docs/queue-contract/handoff-v1.schema.json describes it. */
export interface HandoffMessage {
  schema: 'lienthong.handoff/v1';
  kind: 'HANDOFF' | 'RETURN' | 'OPINION_REQUEST';
  handoffId: string;
  dossierId: string;
  dossierCode: string | null;
  procedureCode: string;
  fromAgency: string;
  toAgency: string;
  routeStep: number;
  sentAt: string;
  dossierVersion: number;
  reason?: string;
  dueAt?: string;
}

export interface Opinion {
  opinion: string;
  agrees: boolean;
}

export interface SubscriberOptions {
  queueUrl: string;
  graphqlUrl: string;
  /** Bearer token of an identity with role AGENCY_SYSTEM and this agency's code. */
  token: string;
  sqs?: SQSClient;
  /** Long-poll wait per receive (SQS allows up to 20 s). */
  waitTimeSeconds?: number;
  /** YOUR business rule: the opinion your agency gives. The default only illustrates the call. */
  opinionFor?: (message: HandoffMessage) => Promise<Opinion> | Opinion;
  log?: (line: string) => void;
}

// `format` is an annotation in JSON Schema 2020-12: the contract's formats are not asserted here.
const schema = JSON.parse(readFileSync(new URL('../../docs/queue-contract/handoff-v1.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile<HandoffMessage>(schema);

/** Off-contract JSON: retrying will not help, so it is left to dead-letter. */
export class InvalidMessageError extends Error {}

export function parseMessage(body: string | undefined): HandoffMessage {
  let value: unknown;
  try {
    value = JSON.parse(body ?? '');
  } catch {
    throw new InvalidMessageError('body is not JSON');
  }
  if (!validate(value)) throw new InvalidMessageError(`off contract: ${JSON.stringify(validate.errors)}`);
  return value;
}

/** One GraphQL call; any `errors` entry throws, with its `extensions.code`. */
export function graphqlClient(graphqlUrl: string, token: string) {
  return async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json().catch(() => ({}))) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const error = result.errors?.[0];
    if (error) throw new Error(`GraphQL ${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
    if (!response.ok || !result.data) throw new Error(`GraphQL HTTP ${response.status}`);
    return result.data;
  };
}

const ACKNOWLEDGE = `mutation Acknowledge($dossierId: ID!, $handoffId: ID!, $kind: HandoffKind!) {
  acknowledgeHandoff(dossierId: $dossierId, handoffId: $handoffId, kind: $kind) { outcome } }`;
const DOSSIER = `query Dossier($id: ID!) { dossier(id: $id) { id version allowedActions } }`;
const ACCEPT = `mutation Accept($id: ID!, $expectedVersion: Int!) {
  acceptHandoff(id: $id, expectedVersion: $expectedVersion) { id version } }`;
const GIVE_OPINION = `mutation Opinion($id: ID!, $expectedVersion: Int!, $opinion: String!, $agrees: Boolean!) {
  giveOpinion(id: $id, expectedVersion: $expectedVersion, opinion: $opinion, agrees: $agrees) { id version } }`;

const defaultOpinion = (): Opinion => ({ opinion: 'Đã tiếp nhận; ý kiến chính thức sẽ gửi sau.', agrees: true });

/** Handles one message body; resolves with what was done, throws when the message must stay. */
export async function handleMessage(body: string | undefined, options: SubscriberOptions): Promise<string> {
  const message = parseMessage(body);
  const call = graphqlClient(options.graphqlUrl, options.token);
  const { acknowledgeHandoff } = await call<{ acknowledgeHandoff: { outcome: string } }>(ACKNOWLEDGE, {
    dossierId: message.dossierId,
    handoffId: message.handoffId,
    kind: message.kind,
  });
  // The dossier ended while the handoff travelled (e.g. withdrawn): nothing to take over.
  if (acknowledgeHandoff.outcome === 'DISCARDED') return 'discarded';

  // The version to act on, and whether the action is still open. A dossier awaits at most one
  // acceptance at a time, so a redelivered message finds it already done and is simply deleted.
  const { dossier } = await call<{ dossier: { id: string; version: number; allowedActions: string[] } | null }>(DOSSIER, {
    id: message.dossierId,
  });
  const action = message.kind === 'OPINION_REQUEST' ? 'GIVE_OPINION' : 'ACCEPT_HANDOFF';
  if (!dossier?.allowedActions.includes(action)) return `${acknowledgeHandoff.outcome.toLowerCase()}, nothing left to do`;

  if (action === 'GIVE_OPINION') {
    const { opinion, agrees } = await (options.opinionFor ?? defaultOpinion)(message);
    await call(GIVE_OPINION, { id: dossier.id, expectedVersion: dossier.version, opinion, agrees });
    return 'opinion given';
  }
  // YOUR system: read what it needs (dossier(id:) { procedure applicant documents … }) and open
  // its own case here, before taking the dossier over.
  await call(ACCEPT, { id: dossier.id, expectedVersion: dossier.version });
  return 'accepted';
}

/**
 * A batch in queue order. FIFO: once a message of a dossier fails, the later ones of that
 * dossier in the batch are left too. sqs-consumer deletes exactly the messages returned.
 */
export function handleBatch(options: SubscriberOptions) {
  const log = options.log ?? console.log;
  return async (messages: Message[]): Promise<Message[]> => {
    const done: Message[] = [];
    const failedDossiers = new Set<string>();
    for (const message of messages) {
      const dossier = message.Attributes?.MessageGroupId ?? '';
      if (failedDossiers.has(dossier)) continue;
      try {
        log(`${message.MessageId}: ${await handleMessage(message.Body, options)}`);
        done.push(message);
      } catch (error) {
        failedDossiers.add(dossier);
        log(`${message.MessageId}: left in the queue: ${(error as Error).message}`);
      }
    }
    return done;
  };
}

/**
 * The SQS client. With an endpoint (the local emulator, which takes any credentials) every call
 * goes to it; its queue URLs name `sqs.<region>.localhost`, which not every resolver knows, so
 * 127.0.0.1 is used. Without, the SDK's defaults: on AWS, your role (AWS_PROFILE with role_arn).
 */
export function sqsClient(endpoint?: string): SQSClient {
  const region = process.env.AWS_REGION ?? 'ap-southeast-1';
  if (!endpoint) return new SQSClient({ region });
  const url = new URL(endpoint);
  if (url.hostname.endsWith('.localhost')) url.hostname = '127.0.0.1';
  return new SQSClient({
    region,
    endpoint: url.origin,
    useQueueUrlAsEndpoint: false,
    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local' },
  });
}

export function createSubscriber(options: SubscriberOptions): Consumer {
  const consumer = Consumer.create({
    queueUrl: options.queueUrl,
    ...(options.sqs ? { sqs: options.sqs } : {}),
    // handleMessageBatch, not handleMessage: sqs-consumer's advice for FIFO order.
    handleMessageBatch: handleBatch(options),
    batchSize: 10,
    waitTimeSeconds: options.waitTimeSeconds ?? 20,
    messageSystemAttributeNames: ['MessageGroupId'],
    suppressFifoWarning: true,
  });
  // Receive and delete failures (network, permissions): sqs-consumer retries by itself.
  consumer.on('error', (error) => (options.log ?? console.error)(`SQS: ${error.message}`));
  return consumer;
}
