import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from './event-filter';
import { resourcesOfType, synthProvince } from './synth';

const { root } = synthProvince('06');
const streamMappings = () =>
  resourcesOfType([root], 'AWS::Lambda::EventSourceMapping').filter(([, r]) =>
    JSON.stringify(r.Properties?.EventSourceArn).includes('StreamArn'),
  );

describe('statistics projector (issue 12)', () => {
  it('is the stream’s second and last reader, in batches of 100 with partial failures and bounded retries', () => {
    const mappings = streamMappings();
    expect(mappings).toHaveLength(2);
    const projector = mappings.find(([, r]) => JSON.stringify(r.Properties?.FunctionName).includes('ProjectorFunction'));
    if (!projector) throw new Error('no projector mapping');
    const properties = projector[1].Properties ?? {};
    expect(properties).toMatchObject({
      BatchSize: 100,
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    const pattern = JSON.parse((properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters[0]?.Pattern ?? '{}');
    const record = (eventName: string, item: Record<string, unknown>) => ({ eventName, dynamodb: { NewImage: marshall(item) } });
    expect(matchesPattern(pattern, record('INSERT', { PK: 'DOSSIER#d1', SK: 'EVENT#00000001', entity: 'EVENT', type: 'ACCEPTED' }))).toBe(
      true,
    );
    // Its own writes and the dossier heads never come back to it.
    expect(matchesPattern(pattern, record('INSERT', { PK: 'STATS#2026-01', SK: 'CELL#A#P#01', entity: 'STATS_CELL' }))).toBe(false);
    expect(matchesPattern(pattern, record('MODIFY', { PK: 'DOSSIER#d1', SK: 'DOSSIER', entity: 'DOSSIER' }))).toBe(false);
  });
});
