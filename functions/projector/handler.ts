import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StatsEvent } from '#domain/quality';
import { servicesFromEnvironment } from '../services';

/**
 * The statistics projector (issue 12), the table stream's second and last reader: each committed
 * dossier event updates the read model per agency, procedure and day (functions/store/quality-store.ts),
 * exactly once per event id (dossier id + version). A record that fails is reported by sequence
 * number, so Lambda retries from it and the dossier's later events wait behind it, in order.
 */
const logger = new Logger({ serviceName: 'projector' });
const services = servicesFromEnvironment();

/** The dossier event a stream record carries, if it carries one. */
export function statsEventOf(record: DynamoDBRecord): StatsEvent | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>) as Record<string, unknown>;
  if (item.entity !== 'EVENT') return undefined;
  return item as unknown as StatsEvent;
}

async function projectRecord(record: DynamoDBRecord): Promise<void> {
  const event = statsEventOf(record);
  if (!event) return;
  const outcome = await services.quality.project(event);
  if (outcome === 'DUPLICATE')
    logger.info('Event already counted', { dossierId: event.dossierId, version: event.version, type: event.type });
}

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  // A processor per invocation, never shared by concurrent ones (see relay/handler.ts).
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  // In stream order: a dossier's events must be counted one after the other.
  return processPartialResponse(event, projectRecord, processor, { context, processInParallel: false });
};
