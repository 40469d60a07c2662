import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DossierEvent } from '#domain/dossier';
import type { HandoffMessageV1 } from '#queue/handoff-message';
import { messagesOf } from '#queue/outbox';
import type { SqsHandler } from '../../../local/pollers/sqs-poller';
import type { StreamHandler } from '../../../local/pollers/stream-poller';
import type { Counters } from './counters';
import { between, type Random } from './random';

/** Which faults are on, with their rates; a scenario sets it, the wrappers read it on each call. */
export interface FaultSettings {
  /** Per relay invocation carrying handoffs: throw before the real relay runs (nothing sent). */
  relayCrashBeforeSend: number;
  /** Per relay invocation carrying handoffs: the relay sent everything, then the process dies before the checkpoint. */
  relayCrashAfterSend: number;
  /** Per consumer invocation: the consumer committed, then dies before the poller deletes the messages. */
  consumerCrashAfterWrite: number;
  /** Each handoff message reaches its queue 1–5 times (extra copies with new deduplication ids). */
  duplicateDeliveries: boolean;
  /** Fraction of the consumer's DynamoDB calls that are throttled or time out. */
  consumerDynamoFaults: number;
  /** Fraction of the relay's SQS calls that are throttled or time out. */
  relaySqsFaults: number;
}

export const NO_FAULTS: FaultSettings = {
  relayCrashBeforeSend: 0,
  relayCrashAfterSend: 0,
  consumerCrashAfterWrite: 0,
  duplicateDeliveries: false,
  consumerDynamoFaults: 0,
  relaySqsFaults: 0,
};

/** A consumer crash is injected only while each message of the batch was received at most this often, so it cannot dead-letter one by itself. */
const CRASH_RECEIVE_LIMIT = 2;

export interface HandlerFaultContext {
  settings: () => FaultSettings;
  random: Random;
  counters: Counters;
  /** A client without faults, for the extra copies. */
  sqs: SQSClient;
  queueUrlOf: (agencyCode: string) => string;
  /** Handoff id → what happened to its messages, when chasing a failure (FAULT_DEBUG). */
  trace?: (handoffId: string, what: string) => void;
}

/** The relay module, imported by the test once the handler environment is set. */
export interface RelayModule {
  handler: (event: DynamoDBStreamEvent, context: never) => Promise<DynamoDBBatchResponse>;
  outboxEventOf: (record: DynamoDBRecord) => DossierEvent | undefined;
}
type Consumer = (event: SQSEvent, context: never) => Promise<SQSBatchResponse>;

/** The real relay, wrapped in the crashes a Lambda process can suffer around its sends. */
export function faultyRelay(relay: RelayModule, fault: HandlerFaultContext): StreamHandler {
  const messagesOfRecord = (record: DynamoDBRecord): HandoffMessageV1[] => {
    const outboxEvent = relay.outboxEventOf(record);
    return outboxEvent ? messagesOf(outboxEvent) : [];
  };
  return async (event, context) => {
    const { counters, random } = fault;
    const settings = fault.settings();
    const handoffs = event.Records.flatMap(messagesOfRecord);
    counters.add('relay invocations');
    if (handoffs.length > 0 && random() < settings.relayCrashBeforeSend) {
      counters.add('injected relay crash before send');
      counters.add('handoffs in crashed relay batches', handoffs.length);
      throw new Error('injected: the relay crashed after the commit, before sending');
    }
    let response: DynamoDBBatchResponse;
    try {
      response = await relay.handler(event, context as never);
    } catch (error) {
      for (const message of handoffs) fault.trace?.(message.handoffId, `relay threw ${(error as Error).name}`);
      throw error;
    }
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const sent = event.Records.filter((record) => !failed.has(record.dynamodb?.SequenceNumber ?? ''));
    for (const record of event.Records) {
      for (const message of messagesOfRecord(record))
        fault.trace?.(message.handoffId, failed.has(record.dynamodb?.SequenceNumber ?? '') ? 'relay failed it' : 'relay sent it');
    }
    if (settings.duplicateDeliveries) await sendCopies(sent.flatMap(messagesOfRecord), fault);
    if (handoffs.length > 0 && random() < settings.relayCrashAfterSend) {
      counters.add('injected relay crash after send');
      counters.add('handoffs in crashed relay batches', handoffs.length);
      throw new Error('injected: the relay sent, then crashed before the stream checkpoint');
    }
    return response;
  };
}

/**
 * 0–4 more copies of each message, with their own deduplication ids: what a relay retry past SQS's
 * 5-minute deduplication window, or a replay, puts on the queue. A retried relay batch sends the
 * same copy ids, which SQS drops, as it would.
 */
async function sendCopies(messages: HandoffMessageV1[], fault: HandlerFaultContext): Promise<void> {
  for (const message of messages) {
    const copies = between(fault.random, 1, 5) - 1;
    for (let copy = 1; copy <= copies; copy += 1) {
      await fault.sqs.send(
        new SendMessageCommand({
          QueueUrl: fault.queueUrlOf(message.toAgency),
          MessageBody: JSON.stringify(message),
          MessageGroupId: message.dossierId,
          MessageDeduplicationId: `${message.handoffId}:copy:${copy}`,
        }),
      );
      fault.counters.add('injected duplicate copies');
    }
  }
}

/** The real consumer, wrapped in a crash after its writes and before the poller deletes the batch. */
export function faultyConsumer(consumer: Consumer, fault: HandlerFaultContext): SqsHandler {
  return async (event, context) => {
    const { counters, random } = fault;
    counters.add('consumer receipts', event.Records.length);
    const response = await consumer(event, context as never);
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    for (const record of event.Records) {
      fault.trace?.(
        handoffIdOf(record.body),
        `consumer ${failed.has(record.messageId) ? 'failed' : 'took'} ${record.messageId} (receive ${record.attributes.ApproximateReceiveCount})`,
      );
    }
    const fresh = event.Records.every((record) => Number(record.attributes.ApproximateReceiveCount) <= CRASH_RECEIVE_LIMIT);
    if (fresh && random() < fault.settings().consumerCrashAfterWrite) {
      counters.add('injected consumer crash after write');
      throw new Error('injected: the consumer committed, then crashed before the delete');
    }
    return response;
  };
}

function handoffIdOf(body: string): string {
  try {
    return String((JSON.parse(body) as { handoffId?: unknown }).handoffId);
  } catch {
    return 'unreadable';
  }
}
