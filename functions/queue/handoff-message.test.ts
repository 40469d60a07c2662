import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import { HANDOFF_MESSAGE_SCHEMA, parseHandoffMessage } from './handoff-message';
import { messagesOf } from './outbox';

const handoff = {
  id: 'd1-3',
  kind: 'FORWARD' as const,
  dossierCode: '06.063.02014-251121-0001',
  procedureCode: '1.001776',
  fromAgency: '06.063.02014',
  toAgency: '06.063',
  sentAt: '2025-11-21T03:00:00.000Z',
  routeStep: 1,
};

const transferred = (h: typeof handoff): DossierEvent => ({
  dossierId: 'd1',
  version: 3,
  type: 'TRANSFERRED',
  at: h.sentAt,
  actor: { officerId: 'o', agencyCode: h.fromAgency, role: 'RECEPTION_OFFICER' },
  statusAfter: 'IN_PROCESSING',
  handoff: h,
});
const handoffMessage = (_id: string, _version: number, h: typeof handoff) => messagesOf(transferred(h))[0]!;

const rejectionReason = (body: string): string | undefined => {
  try {
    parseHandoffMessage(body);
    return undefined;
  } catch (error) {
    return error instanceof DomainError && error.code === 'INVALID_MESSAGE' ? String(error.details.reason) : 'WRONG_ERROR';
  }
};

describe('the handoff message contract v1', () => {
  it('round-trips a message built from a handoff', () => {
    const message = handoffMessage('d1', 3, handoff);
    expect(parseHandoffMessage(JSON.stringify(message))).toEqual(message);
    expect(message).toMatchObject({ schema: HANDOFF_MESSAGE_SCHEMA, handoffId: 'd1-3', dossierVersion: 3, toAgency: '06.063' });
  });

  it('carries references only: no applicant data can ride along', () => {
    const message = handoffMessage('d1', 3, { ...handoff, applicant: { fullName: 'X' } } as typeof handoff);
    expect(Object.keys(message).sort()).toEqual([
      'dossierCode',
      'dossierId',
      'dossierVersion',
      'fromAgency',
      'handoffId',
      'kind',
      'procedureCode',
      'routeStep',
      'schema',
      'sentAt',
      'toAgency',
    ]);
  });

  it('rejects what is not the contract, saying why', () => {
    const valid = handoffMessage('d1', 3, handoff);
    expect(rejectionReason('not json')).toBe('body is not JSON');
    expect(rejectionReason('42')).toBe('body is not an object');
    expect(rejectionReason(JSON.stringify({ ...valid, schema: 'lienthong.handoff/v0' }))).toMatch(/^schema must be/);
    expect(rejectionReason(JSON.stringify({ ...valid, toAgency: '' }))).toBe('toAgency must be a non-empty string');
    expect(rejectionReason(JSON.stringify({ ...valid, dossierVersion: -1 }))).toBe('dossierVersion must be a whole number');
    expect(rejectionReason(JSON.stringify({ ...valid, dossierCode: 7 }))).toBe('dossierCode must be a string or null');
  });
});
