import {
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { HANDOFF_MESSAGE_SCHEMA, type HandoffMessageV1 } from './handoff-message';
import { HandoffNotQueuedError, HandoffPublisher } from './handoff-publisher';

/** An SQS client stand-in: queue URLs by name, and an answer per SendMessageBatch the test decides. */
function fakeSqs(answer: (input: SendMessageBatchCommandInput) => SendMessageBatchCommandOutput | Error) {
  const batches: SendMessageBatchCommandInput[] = [];
  const sqs = {
    send: async (command: unknown) => {
      if (command instanceof GetQueueUrlCommand) return { QueueUrl: `https://sqs.local/${command.input.QueueName}` };
      if (command instanceof SendMessageBatchCommand) {
        batches.push(command.input);
        const output = answer(command.input);
        if (output instanceof Error) throw output;
        return output;
      }
      throw new Error(`unexpected command ${String(command)}`);
    },
  } as unknown as SQSClient;
  return { sqs, batches };
}

const allSent = (input: SendMessageBatchCommandInput): SendMessageBatchCommandOutput => ({
  Successful: (input.Entries ?? []).map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}`, MD5OfMessageBody: '' })),
  Failed: [],
  $metadata: {},
});

const message = (dossierId: string, toAgency: string): HandoffMessageV1 => ({
  schema: HANDOFF_MESSAGE_SCHEMA,
  kind: 'HANDOFF',
  handoffId: `h-${dossierId}`,
  dossierId,
  dossierCode: null,
  procedureCode: '1.001776',
  fromAgency: '06.063.02014',
  toAgency,
  routeStep: 1,
  sentAt: '2026-12-03T10:00:00.000Z',
  dossierVersion: 3,
});

describe('HandoffPublisher', () => {
  it('sends the messages published together as one SendMessageBatch per queue, each in its dossier group once', async () => {
    const { sqs, batches } = fakeSqs(allSent);
    const publisher = new HandoffPublisher(sqs, 'p-');
    const messages = [message('d1', '06.063'), message('d2', '06.063'), message('d3', '06.064')];
    await Promise.all(messages.map((each) => publisher.publish(each)));
    expect(batches.map((batch) => batch.QueueUrl).sort()).toEqual(['https://sqs.local/p-06-063.fifo', 'https://sqs.local/p-06-064.fifo']);
    const entries = batches.flatMap((batch) => batch.Entries ?? []);
    expect(entries.map((entry) => [entry.MessageGroupId, entry.MessageDeduplicationId]).sort()).toEqual([
      ['d1', 'h-d1'],
      ['d2', 'h-d2'],
      ['d3', 'h-d3'],
    ]);
    expect(JSON.parse(entries.find((entry) => entry.MessageGroupId === 'd3')!.MessageBody!)).toEqual(messages[2]);
  });

  it('splits more than ten messages for one queue into batches SQS accepts', async () => {
    const { sqs, batches } = fakeSqs(allSent);
    const publisher = new HandoffPublisher(sqs, 'p-');
    await Promise.all(Array.from({ length: 23 }, (_, index) => publisher.publish(message(`d${index}`, '06.063'))));
    expect(batches.map((batch) => batch.Entries?.length)).toEqual([10, 10, 3]);
  });

  it('fails only the message SQS refused, or did not list as sent; the others of its batch are sent', async () => {
    const { sqs } = fakeSqs(() => ({
      Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: '' }],
      Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
      $metadata: {},
    }));
    const publisher = new HandoffPublisher(sqs, 'p-');
    const outcomes = await Promise.allSettled(['d1', 'd2', 'd3'].map((id) => publisher.publish(message(id, '06.063'))));
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: undefined });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { code: 'HANDOFF_NOT_QUEUED', sqsCode: 'InternalError' } });
    expect(outcomes[2]).toMatchObject({ status: 'rejected', reason: { sqsCode: 'NOT_ACKNOWLEDGED' } });
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(HandoffNotQueuedError);
  });

  it('fails every message of a batch whose call failed, and sends the next ones', async () => {
    let calls = 0;
    const { sqs } = fakeSqs((input) =>
      ++calls === 1 ? Object.assign(new Error('Throttled'), { name: 'ThrottlingException' }) : allSent(input),
    );
    const publisher = new HandoffPublisher(sqs, 'p-');
    const first = await Promise.allSettled(['d1', 'd2'].map((id) => publisher.publish(message(id, '06.063'))));
    expect(first.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await expect(publisher.publish(message('d1', '06.063'))).resolves.toBeUndefined();
  });
});
