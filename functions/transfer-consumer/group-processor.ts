import { BatchProcessor, EventType, SqsFifoMessageGroupShortCircuitError } from '@aws-lambda-powertools/batch';
import type { FailureResponse, SuccessResponse } from '@aws-lambda-powertools/batch/types';
import type { SQSRecord } from 'aws-lambda';

/**
 * An SQS FIFO batch processor that runs message groups concurrently and each group in order.
 *
 * Why not Powertools' own: `SqsFifoPartialProcessorAsync` (2.x, checked at 2.35) processes the
 * whole batch one record at a time, even with `skipGroupOnError`, so a batch of ten dossiers costs
 * ten consecutive transactions. A FIFO queue only promises order within a group (here: a
 * dossier), so groups may run side by side. This keeps Powertools' primitives (`processRecord`,
 * the failure bookkeeping, `processPartialResponse`'s `batchItemFailures` and its
 * full-batch-failure rule) and replaces only the loop.
 *
 * Within a group, the first failure stops it: that message and the later ones of the group are
 * reported as failed (the later ones with SqsFifoMessageGroupShortCircuitError, unprocessed), so
 * they return to the queue together and come back in order. Other groups are not held up.
 */
export class GroupedFifoProcessor extends BatchProcessor {
  constructor() {
    super(EventType.SQS);
  }

  override async process(): Promise<(SuccessResponse | FailureResponse)[]> {
    this.prepare();
    const groups = groupsOf(this.records as SQSRecord[]);
    const results = await Promise.all(groups.map((records) => this.processGroup(records)));
    this.clean();
    return results.flat();
  }

  private async processGroup(records: readonly SQSRecord[]): Promise<(SuccessResponse | FailureResponse)[]> {
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
 * The batch's records by MessageGroupId, each group in the batch's order (SQS hands a FIFO batch in
 * order within each group). Records without a group (not a FIFO queue) share one group, so they
 * keep the order they came in.
 */
export function groupsOf(records: readonly SQSRecord[]): SQSRecord[][] {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const group = record.attributes?.MessageGroupId ?? '';
    const list = groups.get(group);
    if (list) list.push(record);
    else groups.set(group, [record]);
  }
  return [...groups.values()];
}
