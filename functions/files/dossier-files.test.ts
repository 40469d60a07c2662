import { describe, expect, it } from 'vitest';
import type { S3Objects } from '#aws/s3-objects';
import { s3DossierFiles } from './s3-dossier-files';

/**
 * The adapter's province choices, which the emulator cannot show (fauxqs has no object lock and
 * no tagging): a fake bucket records the operations and answers the malware scan's tag.
 * (s3-objects.test.ts proves each operation's request equal to the SDK's.)
 */
function fakeObjects(tag?: string) {
  const sent: { operation: string; args: unknown[] }[] = [];
  const record =
    (operation: string, answer?: unknown) =>
    async (...args: unknown[]) => {
      sent.push({ operation, args });
      return answer;
    };
  const objects = {
    bucket: 'b',
    head: record('head', { size: 10 }),
    tags: record('tags', new Map(tag ? [['GuardDutyMalwareScanStatus', tag]] : [])),
    retain: record('retain'),
  } as unknown as S3Objects;
  return { objects, sent };
}

describe('dossier files adapter: the province’s choices', () => {
  it('reads GuardDuty’s verdict where the province scans, before reading any byte', async () => {
    for (const [tag, scan] of [
      ['THREATS_FOUND', 'THREAT'],
      [undefined, 'PENDING'],
      ['UNSUPPORTED', 'FAILED'],
    ] as const) {
      const { objects, sent } = fakeObjects(tag);
      const observed = await s3DossierFiles(objects, { malwareScanning: true }).inspect('uploads/d/u', 1000);
      expect(observed).toEqual({ size: 10, scan });
      expect(sent.map((call) => call.operation)).toEqual(['head', 'tags']);
    }
  });

  it('locks an attached file for the retention the province chose, and does nothing where it chose none', async () => {
    const { objects, sent } = fakeObjects();
    await s3DossierFiles(objects, { malwareScanning: false, retention: { mode: 'COMPLIANCE', days: 3650 } }).retain('dossiers/d/u');
    expect(sent).toEqual([{ operation: 'retain', args: ['dossiers/d/u', 'COMPLIANCE', expect.any(Date)] }]);
    const years = ((sent[0]!.args[2] as Date).getTime() - Date.now()) / (365 * 86_400_000);
    expect(Math.round(years)).toBe(10);

    const none = fakeObjects();
    await s3DossierFiles(none.objects).retain('dossiers/d/u');
    expect(none.sent).toEqual([]);
  });
});
