import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '#domain/lifecycle';
import { HANDOFF_MESSAGE_SCHEMA } from '#queue/handoff-message';
import { DEAD_LETTER_REASON_ATTRIBUTE } from '#transfer-consumer/dead-letter';
import { COMMUNE, type DeadLetterSetup, DISTRICT, OTHER_DISTRICT, officer, setUpDeadLetters } from './support/dead-letter-setup';
import { lastHandoffDelivered, receivedDossier } from './support/handoff-driver';

/**
 * Messages that can never succeed (off the contract, about a dossier the table does not have) fail
 * alone and land in the DLQ at once, on their first receive, saying why: in their failure record
 * and as an attribute of the dead-letter copy.
 */
let world: DeadLetterSetup;

beforeAll(async () => {
  world = await setUpDeadLetters();
});

afterAll(async () => {
  await world?.pipeline.stop();
});

const reception: Caller = { officerId: 'tn', name: 'Tiếp nhận', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] };

const POISON = [
  { group: 'poison-not-json', body: '{"schema": "lienthong.handoff/v1", "kind": "HANDOFF", ', reason: 'body is not JSON' },
  {
    group: 'poison-old-schema',
    body: JSON.stringify({ schema: 'lienthong.handoff/v0', kind: 'HANDOFF', handoffId: 'x-1', dossierId: 'x' }),
    reason: `schema must be ${HANDOFF_MESSAGE_SCHEMA}`,
  },
];

/** On the contract, but about a dossier and handoff that do not exist. */
const UNKNOWN_DOSSIER = {
  schema: HANDOFF_MESSAGE_SCHEMA,
  kind: 'HANDOFF',
  handoffId: 'poison-unknown-h1',
  dossierId: 'poison-unknown-dossier',
  dossierCode: null,
  procedureCode: '2.000815',
  fromAgency: COMMUNE,
  toAgency: DISTRICT,
  routeStep: 1,
  sentAt: '2026-12-03T01:00:00.000Z',
  dossierVersion: 3,
};

interface FailedView {
  handoffId: string | null;
  dossierId: string | null;
  reason: string;
  errorName: string;
  message: string;
  receiveCount: number;
  deadLettered: boolean;
}

describe('poison messages', () => {
  it('land in the dead-letter queue with their reason, without holding up a real handoff', async () => {
    const { fixture } = world;
    const queue = fixture.queues.get(DISTRICT)!;
    for (const poison of [...POISON, { group: 'poison-unknown', body: JSON.stringify(UNKNOWN_DOSSIER) }]) {
      await fixture.sqs.send(
        new SendMessageCommand({
          QueueUrl: queue.queueUrl,
          MessageBody: poison.body,
          MessageGroupId: poison.group,
          MessageDeduplicationId: poison.group,
        }),
      );
    }
    const dossier = await receivedDossier(world.services, { commune: COMMUNE, district: DISTRICT });
    const head = (await world.services.dossiers.get(dossier.id))!;
    await world.services.dossiers.transfer(reception, { id: dossier.id, toAgency: DISTRICT, expectedVersion: head.version });
    await world.pipeline.settle();

    expect(lastHandoffDelivered(await world.services.dossiers.get(dossier.id))).toBe(true);
    const { Attributes } = await fixture.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('3');
    // Each dead-letter copy names its reason (looked at, then left visible for the redrive below).
    const { Messages = [] } = await fixture.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 0 }),
    );
    const reasons = new Map(Messages.map((dead) => [dead.Body, dead.MessageAttributes?.[DEAD_LETTER_REASON_ATTRIBUTE]?.StringValue]));
    for (const poison of POISON) expect(reasons.get(poison.body) ?? 'INVALID_MESSAGE').toBe('INVALID_MESSAGE');
    expect([...reasons.values()].every((reason) => reason === 'INVALID_MESSAGE' || reason === 'DOSSIER_NOT_FOUND')).toBe(true);
    // Every poison message was handed to the consumer once: no five receives before the DLQ.
    expect(world.receipts.get('poison-unknown-h1')).toBe(1);

    const seen = await world.gql<{ failedHandoffs: FailedView[] }>(
      `{ failedHandoffs { handoffId dossierId reason errorName message receiveCount deadLettered } }`,
      {},
      officer(DISTRICT, 'RECEPTION_OFFICER'),
    );
    expect(seen.errors).toBeUndefined();
    const failed = seen.data!.failedHandoffs;
    expect(failed).toHaveLength(3);
    for (const poison of POISON) {
      expect(failed).toContainEqual({
        handoffId: null,
        dossierId: null,
        reason: 'INVALID_MESSAGE',
        errorName: 'InvalidMessageError',
        message: `Handoff message rejected: ${poison.reason}`,
        receiveCount: 1,
        deadLettered: true,
      });
    }
    expect(failed).toContainEqual(
      expect.objectContaining({ handoffId: 'poison-unknown-h1', dossierId: 'poison-unknown-dossier', receiveCount: 1, deadLettered: true }),
    );
  });

  it('are listed for a province administrator asking about the agency, not for another agency', async () => {
    const query = `query ($a: ID) { failedHandoffs(agencyCode: $a, first: 10) { reason } }`;
    const admin = await world.gql<{ failedHandoffs: unknown[] }>(query, { a: DISTRICT }, officer('06', 'PROVINCE_ADMIN'));
    expect(admin.data?.failedHandoffs).toHaveLength(3);
    const elsewhere = await world.gql(query, { a: DISTRICT }, officer(OTHER_DISTRICT, 'AGENCY_HEAD'));
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooMany = await world.gql(query.replace('first: 10', 'first: 1000'), { a: DISTRICT }, officer(DISTRICT, 'AGENCY_HEAD'));
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
  });

  it('go back to the queue on a redrive and, still poison, return to the DLQ with their record kept', async () => {
    const redriven = await world.gql<{ redriveFailedHandoffs: { moved: number; handoffIds: string[] } }>(
      `mutation { redriveFailedHandoffs(agencyCode: "${DISTRICT}", max: 10) { moved handoffIds } }`,
      {},
      officer(DISTRICT, 'AGENCY_HEAD'),
    );
    expect(redriven.data?.redriveFailedHandoffs).toMatchObject({ moved: 3, handoffIds: ['poison-unknown-h1'] });
    await world.pipeline.settle();
    const failed = await world.failures.failingHandoffs(DISTRICT, 10);
    expect(failed.map((record) => [record.deadLettered, record.redriveCount])).toEqual([
      [true, 1],
      [true, 1],
      [true, 1],
    ]);
  });
});
