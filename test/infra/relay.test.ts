import { marshall } from '@aws-sdk/util-dynamodb';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '#domain/dossier';
import { dossierItem, eventItem } from '#store/dossier-items';
import { matchesPattern } from './event-filter';
import { onlyResource, resourcesOfType, synthProvince } from './synth';

const { root } = synthProvince('06');

// The stream has two readers (relay and statistics projector): this is the relay's mapping.
const relayMapping = () =>
  onlyResource(
    [root],
    'AWS::Lambda::EventSourceMapping',
    (_, r) =>
      JSON.stringify(r.Properties?.EventSourceArn).includes('StreamArn') &&
      JSON.stringify(r.Properties?.FunctionName).includes('RelayFunction'),
  )[1].Properties!;

describe('outbox relay', () => {
  it('reads the table stream in batches of 100 with partial failures, bisecting and bounded retries', () => {
    expect(relayMapping()).toMatchObject({
      BatchSize: 100,
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
    });
  });

  it('sends records that keep failing to an SSL-only failure queue', () => {
    const properties = relayMapping();
    const destination = JSON.stringify(properties.DestinationConfig);
    const [queueId] = onlyResource([root], 'AWS::SQS::Queue', (id) => destination.includes(id));
    root.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  describe('stream filter', () => {
    const pattern = () => {
      const criteria = relayMapping().FilterCriteria as { Filters: { Pattern: string }[] };
      expect(criteria.Filters).toHaveLength(1);
      return JSON.parse(criteria.Filters[0]!.Pattern);
    };
    const record = (eventName: string, item: Record<string, unknown>) => ({
      eventName,
      dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) },
    });
    const transferred: DossierEvent = {
      dossierId: 'd1',
      version: 4,
      type: 'TRANSFERRED',
      at: '2026-11-20T02:00:00.000Z',
      actor: { officerId: 'o1', agencyCode: '06.063.01840', role: 'OFFICER' },
      statusAfter: 'IN_PROCESSING',
      handoff: {
        id: 'd1-4',
        kind: 'FORWARD',
        procedureCode: '1.001',
        fromAgency: '06.063.01840',
        toAgency: '06.063',
        sentAt: '2026-11-20T02:00:00.000Z',
        routeStep: 1,
      },
    };

    it('passes an inserted event that carries a handoff', () => {
      expect(matchesPattern(pattern(), record('INSERT', eventItem(transferred)))).toBe(true);
    });

    it('passes events without a handoff too (every event feeds the portal sync); drops other entities and non-inserts', () => {
      const { dossierId, version, at, actor } = transferred;
      const accepted: DossierEvent = {
        dossierId,
        version,
        at,
        actor,
        type: 'ACCEPTED',
        statusAfter: 'RECEIVED',
        code: '06.063.01840-261120-0001',
        dueAt: at,
      };
      expect(matchesPattern(pattern(), record('INSERT', eventItem(accepted)))).toBe(true);
      expect(matchesPattern(pattern(), record('MODIFY', eventItem(transferred)))).toBe(false);
      const head = dossierItem({ id: 'd1', applicant: {}, handoff: transferred.handoff } as unknown as Parameters<typeof dossierItem>[0]);
      expect(matchesPattern(pattern(), record('INSERT', head))).toBe(false);
    });

    it('passes a reassignment, and drops events a province migration copied (the old deployment sent them)', () => {
      const { note: _note, ...header } = transferred;
      const reassignment = {
        fromAgency: '06.063',
        toAgency: '19.02014',
        reason: 'SUCCESSOR_COMMUNE' as const,
        remap: {},
        legalBasis: 'Nghị định 140/2025/NĐ-CP',
      };
      const reassigned: DossierEvent = { ...header, type: 'REASSIGNED', reason: 'SUCCESSOR_COMMUNE', reassignment };
      expect(matchesPattern(pattern(), record('INSERT', eventItem(reassigned)))).toBe(true);
      expect(matchesPattern(pattern(), record('INSERT', { ...eventItem(transferred), migratedFrom: '06' }))).toBe(false);
    });
  });

  it('may send to any agency queue of its province by name pattern, never to a DLQ', () => {
    const [, policy] = onlyResource([root], 'AWS::IAM::Policy', (id) => id.startsWith('RelayFunction'));
    const statements = policy.Properties!.PolicyDocument.Statement as { Effect: string; Action: unknown; Resource: unknown }[];
    const on = (namePattern: string) => statements.filter((s) => JSON.stringify(s.Resource).includes(`:${namePattern}"`));
    expect(on('lienthong-06-prod-*')).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: ['sqs:GetQueueUrl', 'sqs:SendMessage'] }),
    ]);
    expect(on('lienthong-06-prod-*-dlq.fifo')).toEqual([expect.objectContaining({ Effect: 'Deny', Action: 'sqs:SendMessage' })]);
  });

  it('uses the queue key only through SQS; only the admin redrive function may redrive dead letters, by name pattern', () => {
    const statementsOf = (prefix: string) =>
      onlyResource([root], 'AWS::IAM::Policy', (id) => id.startsWith(prefix))[1].Properties!.PolicyDocument.Statement as {
        Effect: string;
        Action: unknown;
        Resource: unknown;
        Condition?: unknown;
      }[];
    const queueKey = expect.objectContaining({ 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] });
    const viaSqs = { StringEquals: { 'kms:ViaService': expect.objectContaining({ 'Fn::Join': expect.anything() }) } };
    expect(statementsOf('RelayFunction')).toContainEqual(
      expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: queueKey, Condition: viaSqs }),
    );
    // The consumer also sends a poison message to its DLQ at once (issue 13).
    expect(statementsOf('TransfersFunction')).toContainEqual(
      expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: queueKey, Condition: viaSqs }),
    );
    const redrive = statementsOf('GraphqlRedriveFunction');
    const on = (namePattern: string) => redrive.filter((s) => JSON.stringify(s.Resource).includes(`:${namePattern}"`));
    expect(on('lienthong-06-prod-*-dlq.fifo')).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      }),
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:SendMessage' }),
    ]);
    expect(on('lienthong-06-prod-*')).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: ['sqs:GetQueueUrl', 'sqs:SendMessage'] }),
    ]);
    expect(redrive).toContainEqual(expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: queueKey }));
    // The internet-facing GraphQL role: no SQS, no queue key.
    const graphql = JSON.stringify(statementsOf('GraphqlFunction'));
    expect(graphql).not.toContain('sqs:');
    expect(graphql).not.toMatch(/QueueKey/);
  });
});

// The stream's second reader, checked on the same synthesised stack.
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
