import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { redriveCountOf, redriveDeduplicationId } from './deduplication';

const parked = (deduplicationId: string, redriveCount?: number): Message => ({
  MessageId: 'm1',
  Attributes: { MessageDeduplicationId: deduplicationId },
  MessageAttributes: redriveCount ? { redriveCount: { DataType: 'Number', StringValue: String(redriveCount) } } : {},
});

describe('deduplication ids of redriven messages', () => {
  it('are new for each redrive, counted on from the message', () => {
    const first = parked('d1-3');
    expect(redriveCountOf(first)).toBe(0);
    expect(redriveDeduplicationId(first, redriveCountOf(first) + 1)).toBe('d1-3:redrive:1');
    const second = parked('d1-3:redrive:1', 1);
    expect(redriveDeduplicationId(second, redriveCountOf(second) + 1)).toBe('d1-3:redrive:2');
  });

  it('are the same when one redrive is retried, so SQS drops the repeat', () => {
    expect(redriveDeduplicationId(parked('d1-3'), 1)).toBe(redriveDeduplicationId(parked('d1-3'), 1));
  });

  it('stay within SQS’s 128 characters', () => {
    const id = redriveDeduplicationId(parked('x'.repeat(200)), 3);
    expect(id.length).toBeLessThanOrEqual(128);
    expect(id).toMatch(/^[0-9a-f]{64}:redrive:3$/);
  });
});
