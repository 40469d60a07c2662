import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectRetentionCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3DossierFiles } from './s3-dossier-files';

/**
 * The adapter's province choices, which the emulator cannot show (fauxqs has no object lock and
 * no tagging): a fake client records the commands and answers the malware scan's tag.
 */
function fakeClient(tag?: string) {
  const sent: object[] = [];
  const client = {
    send: async (command: object) => {
      sent.push(command);
      if (command instanceof HeadObjectCommand) return { ContentLength: 10 };
      if (command instanceof GetObjectTaggingCommand) return { TagSet: tag ? [{ Key: 'GuardDutyMalwareScanStatus', Value: tag }] : [] };
      return {};
    },
  } as unknown as S3Client;
  return { client, sent };
}

describe('dossier files adapter: the province’s choices', () => {
  it('reads GuardDuty’s verdict where the province scans, before reading any byte', async () => {
    for (const [tag, scan] of [
      ['THREATS_FOUND', 'THREAT'],
      [undefined, 'PENDING'],
      ['UNSUPPORTED', 'FAILED'],
    ] as const) {
      const { client, sent } = fakeClient(tag);
      const observed = await s3DossierFiles(client, 'b', { malwareScanning: true }).inspect('uploads/d/u', 1000);
      expect(observed).toEqual({ size: 10, scan });
      expect(sent.map((command) => command.constructor.name)).toEqual(['HeadObjectCommand', 'GetObjectTaggingCommand']);
    }
  });

  it('locks an attached file for the retention the province chose, and does nothing where it chose none', async () => {
    const { client, sent } = fakeClient();
    await s3DossierFiles(client, 'b', { malwareScanning: false, retention: { mode: 'COMPLIANCE', days: 3650 } }).retain('dossiers/d/u');
    const lock = sent[0] as PutObjectRetentionCommand;
    expect(lock).toBeInstanceOf(PutObjectRetentionCommand);
    expect(lock.input).toMatchObject({ Bucket: 'b', Key: 'dossiers/d/u', Retention: { Mode: 'COMPLIANCE' } });
    const years = (lock.input.Retention!.RetainUntilDate!.getTime() - Date.now()) / (365 * 86_400_000);
    expect(Math.round(years)).toBe(10);

    const none = fakeClient();
    await s3DossierFiles(none.client, 'b').retain('dossiers/d/u');
    expect(none.sent).toEqual([]);
  });
});
