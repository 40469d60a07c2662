import { describe, expect, it } from 'vitest';
import { deriveAgencies, type UnitList } from '#domain/agencies';
import units2025_03 from '../../data/units/administrative-units-2025-03.json';
import { agencyDeadLetterQueueName, agencyOfQueueArn, agencyOfQueueName, agencyQueueName } from './names';

const PREFIX = 'lienthong-38-prod-';

describe('agency queue names', () => {
  it('names queues within SQS rules (no dots, .fifo suffix, at most 80 characters) and reads every agency back', () => {
    for (const province of (units2025_03 as UnitList).provinces) {
      for (const agency of deriveAgencies(province)) {
        const name = agencyQueueName(PREFIX, agency.code);
        expect(name).toMatch(/^[A-Za-z0-9_-]{1,75}\.fifo$/);
        expect(agencyDeadLetterQueueName(PREFIX, agency.code).length).toBeLessThanOrEqual(80);
        expect(agencyOfQueueName(name, PREFIX)).toBe(agency.code);
      }
    }
  });

  it('reads no agency from a dead-letter queue, another prefix or a name that is not an agency code', () => {
    expect(agencyOfQueueName(agencyDeadLetterQueueName(PREFIX, '06.063'), PREFIX)).toBeUndefined();
    expect(agencyOfQueueName(agencyQueueName('other-', '06.063'), PREFIX)).toBeUndefined();
    expect(agencyOfQueueName(`${PREFIX}relay-failures`, PREFIX)).toBeUndefined();
    expect(agencyOfQueueArn(`arn:aws:sqs:ap-southeast-1:123456789012:${agencyQueueName(PREFIX, '06.063.02014')}`, PREFIX)).toBe(
      '06.063.02014',
    );
  });
});
