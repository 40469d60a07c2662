import { BatchProcessor, EventType, SqsFifoMessageGroupShortCircuitError } from '@aws-lambda-powertools/batch';
import type { FailureResponse, SuccessResponse } from '@aws-lambda-powertools/batch/types';
import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';

type BatchRecord = SQSRecord | DynamoDBRecord;

/**
 * A batch processor that runs groups of records concurrently and each group in order: the
 * dossiers of an SQS FIFO batch (group = MessageGroupId) or of a stream batch (group = the
 * item's partition, DOSSIER#<id>).
 *
 * Why not Powertools' own: its FIFO processors (2.x, checked at 2.35) handle the batch one record
 * at a time, even with `skipGroupOnError`, so a batch of ten dossiers costs ten consecutive
 * transactions; its stream processor is either all parallel (no order) or all sequential. Order
 * matters only within a dossier, so dossiers may run side by side. This keeps Powertools'
 * primitives (`processRecord`, the failure bookkeeping, `processPartialResponse`'s
 * `batchItemFailures` and its full-batch-failure rule) and replaces only the loop.
 *
 * Within a group, the first failure stops it: that record and the later ones of the group are
 * reported as failed (the later ones unprocessed, with SqsFifoMessageGroupShortCircuitError), so
 * none overtakes it. Other groups are not held up.
 */
export class GroupedBatchProcessor extends BatchProcessor {
  constructor(
    eventType: typeof EventType.SQS | typeof EventType.DynamoDBStreams,
    private readonly groupOf: (record: BatchRecord) => string,
  ) {
    super(eventType);
  }

  /** SQS FIFO: groups are the message groups (dossiers, for handoffs). */
  static fifo(): GroupedBatchProcessor {
    return new GroupedBatchProcessor(EventType.SQS, (record) => (record as SQSRecord).attributes?.MessageGroupId ?? '');
  }

  /** A DynamoDB stream: groups are the items' partitions, so one dossier's records keep stream order. */
  static byPartition(): GroupedBatchProcessor {
    return new GroupedBatchProcessor(EventType.DynamoDBStreams, (record) => (record as DynamoDBRecord).dynamodb?.Keys?.PK?.S ?? '');
  }

  override async process(): Promise<(SuccessResponse | FailureResponse)[]> {
    this.prepare();
    const groups = groupsOf(this.records as BatchRecord[], this.groupOf);
    const results = await Promise.all(groups.map((records) => this.processGroup(records)));
    this.clean();
    return results.flat();
  }

  private async processGroup(records: readonly BatchRecord[]): Promise<(SuccessResponse | FailureResponse)[]> {
    const results: (SuccessResponse | FailureResponse)[] = [];
    let failed = false;
    for (const record of records) {
      if (failed) {
        results.push(this.failureHandler(record, new SqsFifoMessageGroupShortCircuitError()));
        continue;
      }
      const result = await this.processRecord(record);
      failed = result[0] === 'fail';
      results.push(result);
    }
    return results;
  }
}

/**
 * The batch's records by group, each group in the batch's order. Records without a group share
 * one group (''), so they keep the order they came in.
 */
export function groupsOf<T>(records: readonly T[], groupOf: (record: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const group = groupOf(record);
    const list = groups.get(group);
    if (list) list.push(record);
    else groups.set(group, [record]);
  }
  return [...groups.values()];
}
