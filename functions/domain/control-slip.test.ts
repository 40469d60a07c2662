import { afterEach, describe, expect, it } from 'vitest';
import { STARTER_CATALOG } from '#seed/starter-catalog';
import { OFFICIAL_SCHEDULES, toVnIso, useOfficialSchedules, vnTime } from './calendar';
import type { Procedure } from './catalog';
import { dossierVerdict } from './clock';
import type { AgencyRef, Applicant, Dossier, DossierEvent } from './dossier';
import { controlSlipForm } from './forms';
import { act, type Caller, type Command, submit } from './lifecycle';

/**
 * Form 05 (phiếu kiểm soát) judges the reception step as the appointment is counted: the
 * reception point's office hours and the procedure's cut-off. And an open dossier reads
 * "chưa đến hạn" until its due moment, never "trước hạn".
 */

const commune: AgencyRef = { code: '06.063.02014', identifier: '06.063.02014', level: 'COMMUNE' };
const chain = [
  commune,
  { code: '06.063', identifier: '06.063', level: 'DISTRICT' as const },
  { code: '06', identifier: '06', level: 'PROVINCE' as const },
];
const reception: Caller = { officerId: 'u1', name: 'Cán bộ một cửa', agencyCode: commune.code, roles: ['RECEPTION_OFFICER'] };
const applicant: Applicant = { kind: 'CITIZEN', fullName: 'Nguyễn Văn A', address: { communeAgencyCode: commune.code } };
const names = (code: string) => `Cơ quan ${code}`;

// Chứng thực: due the same working day, 15:00 cut-off; its one route step has a budget of 1 working day.
const certification = STARTER_CATALOG.find((procedure) => procedure.code === '2.000815')!;
// This one-stop closes at 16:30.
const OFFICE_HOURS = [
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '16:30' },
];

function history(procedure: Procedure, steps: [Command, Date][], start: Date): { dossier: Dossier; events: DossierEvent[] } {
  const documents = procedure.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: 1 }));
  const first = submit({
    id: 'd1',
    now: start,
    caller: reception,
    receivingAgency: { ...commune, officeHours: OFFICE_HOURS },
    subjectChain: chain,
    procedure,
    applicant,
    documents,
    channel: 'DIRECT',
  });
  let dossier = first.dossier;
  const events = [first.event];
  for (const [command, at] of steps) {
    const next = act(dossier, command, { caller: reception, now: at });
    dossier = next.dossier;
    events.push(next.event);
  }
  return { dossier, events };
}

const atCounter = (acceptedAt: Date, returnedAt: Date) =>
  history(
    certification,
    [
      [{ action: 'ACCEPT', sequence: 1 }, acceptedAt],
      [{ action: 'APPROVE_AT_COUNTER', decision: 'APPROVED' }, returnedAt],
      [{ action: 'RETURN_RESULT', deliveryMode: 'COUNTER' }, returnedAt],
    ],
    acceptedAt,
  );

describe('Form 05: the reception step', () => {
  it('starts the next working day when the dossier was accepted after the cut-off', () => {
    // Accepted Monday 16/11/2026 at 16:00, after 15:00: deemed received Tuesday; 1 working day → Wednesday 16:30.
    const { dossier, events } = atCounter(vnTime('2026-11-16', '16:00'), vnTime('2026-11-18', '10:00'));
    const [row] = controlSlipForm(dossier, events, names)!.rows;
    expect(toVnIso(new Date(row!.stepDueAt))).toBe('2026-11-18T16:30:00+07:00');
    expect(row).toMatchObject({ verdict: 'EARLY', verdictLabel: 'Trước hạn' });
  });

  it('ends at the reception point’s closing time, not the default 17:00', () => {
    // Accepted Monday 10:00 (before the cut-off): due Tuesday at 16:30; handed back at 16:45 is late.
    const { dossier, events } = atCounter(vnTime('2026-11-16', '10:00'), vnTime('2026-11-17', '16:45'));
    const [row] = controlSlipForm(dossier, events, names)!.rows;
    expect(toVnIso(new Date(row!.stepDueAt))).toBe('2026-11-17T16:30:00+07:00');
    expect(row).toMatchObject({ verdict: 'LATE', verdictLabel: 'Quá hạn' });
  });
});

describe('Form 05: the step in progress', () => {
  const accepted = () =>
    history(certification, [[{ action: 'ACCEPT', sequence: 1 }, vnTime('2026-11-16', '10:00')]], vnTime('2026-11-16', '10:00'));

  it('shows where an open dossier is, "chưa đến hạn" until the step is due, then "quá hạn"', () => {
    const { dossier, events } = accepted();
    const before = controlSlipForm(dossier, events, names, vnTime('2026-11-17', '09:00'))!;
    expect(before.rows).toEqual([]);
    expect(before.currentStep).toMatchObject({
      agency: `Cơ quan ${commune.code}`,
      stepDueAt: vnTime('2026-11-17', '16:30').toISOString(),
      verdict: 'NOT_YET_DUE',
      verdictLabel: 'Chưa đến hạn',
    });
    expect(controlSlipForm(dossier, events, names, vnTime('2026-11-17', '16:31'))!.currentStep).toMatchObject({
      verdict: 'LATE',
      verdictLabel: 'Quá hạn',
    });
  });

  it('has no step in progress once processing ended, or when not asked as of a moment', () => {
    const { dossier, events } = atCounter(vnTime('2026-11-16', '10:00'), vnTime('2026-11-16', '11:00'));
    expect(controlSlipForm(dossier, events, names, vnTime('2026-11-17', '09:00'))!.currentStep).toBeUndefined();
    const open = accepted();
    expect(controlSlipForm(open.dossier, open.events, names)!.currentStep).toBeUndefined();
  });
});

describe('the verdict of an open dossier', () => {
  const accepted = () =>
    history(certification, [[{ action: 'ACCEPT', sequence: 1 }, vnTime('2026-11-16', '10:00')]], vnTime('2026-11-16', '10:00')).dossier;

  it('reads "chưa đến hạn" until the due moment, then "quá hạn"', () => {
    const dossier = accepted();
    expect(toVnIso(new Date(dossier.dueAt!))).toBe('2026-11-16T16:30:00+07:00');
    expect(dossierVerdict(dossier, vnTime('2026-11-16', '11:00'))).toMatchObject({ verdict: 'NOT_YET_DUE', final: false });
    expect(dossierVerdict(dossier, vnTime('2026-11-16', '16:31'))).toMatchObject({
      verdict: 'LATE',
      nationalVerdict: 'LATE',
      final: false,
    });
  });

  it('is judged early / on time / late once processing ended', () => {
    const { dossier } = atCounter(vnTime('2026-11-16', '10:00'), vnTime('2026-11-16', '11:00'));
    expect(dossierVerdict(dossier, vnTime('2026-11-20', '09:00'))).toMatchObject({ verdict: 'ON_TIME', final: true });
  });
});

describe('a schedule loaded while a dossier waits for a supplement', () => {
  afterEach(() => useOfficialSchedules('bundled', OFFICIAL_SCHEDULES));
  const tenDays: Procedure = { ...certification, code: '9.000010', duration: { value: 10, unit: 'WORKING_DAYS' }, fourOnTheSpot: false };
  const { sameDayCutoff: _none, ...noCutoff } = tenDays;

  it('keeps the appointment of the receipt when the new schedule would count an earlier date', () => {
    // Receipted under the statute (no 2027 schedule), then a schedule is loaded that makes
    // Saturday 23/01/2027 a make-up working day: counted again, the due date would come earlier.
    useOfficialSchedules('statute only', []);
    const accepted = history(noCutoff, [[{ action: 'ACCEPT', sequence: 1 }, vnTime('2027-01-21', '09:00')]], vnTime('2027-01-21', '09:00'));
    const issued = accepted.dossier.dueAt!;
    expect(toVnIso(new Date(issued))).toBe('2027-02-04T16:30:00+07:00');
    const waiting = act(
      accepted.dossier,
      { action: 'REQUEST_SUPPLEMENT', items: [{ code: 'BAN_SAO' }], reason: 'Bản sao mờ' },
      { caller: reception, now: vnTime('2027-01-21', '10:00') },
    );
    const makeUp = { ...OFFICIAL_SCHEDULES[0]!, year: 2027 } as const;
    useOfficialSchedules('2027 loaded', [
      {
        ...makeUp,
        breaks: [
          {
            name: 'Tết Dương lịch',
            from: '2027-01-01',
            to: '2027-01-01',
            holidays: [{ date: '2027-01-01', code: 'NEW_YEAR' }],
            evidence: { status: 'U', source: 'kiểm thử' },
          },
          {
            name: 'Tết Nguyên đán',
            from: '2027-02-05',
            to: '2027-02-12',
            holidays: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'].map((date) => ({
              date,
              code: 'LUNAR_NEW_YEAR' as const,
            })),
            compensatory: [
              { date: '2027-02-10', for: '2027-02-06' },
              { date: '2027-02-11', for: '2027-02-07' },
            ],
            swaps: [{ dayOff: '2027-02-12', workOn: '2027-01-23' }],
            evidence: { status: 'U', source: 'kiểm thử' },
          },
          {
            name: 'Giỗ Tổ',
            from: '2027-04-16',
            to: '2027-04-16',
            holidays: [{ date: '2027-04-16', code: 'HUNG_KINGS' }],
            evidence: { status: 'U', source: 'kiểm thử' },
          },
          {
            name: '30/4–1/5',
            from: '2027-04-30',
            to: '2027-05-03',
            holidays: [
              { date: '2027-04-30', code: 'VICTORY_DAY' },
              { date: '2027-05-01', code: 'LABOUR_DAY' },
            ],
            compensatory: [{ date: '2027-05-03', for: '2027-05-01' }],
            evidence: { status: 'U', source: 'kiểm thử' },
          },
          {
            name: 'Quốc khánh',
            from: '2027-09-02',
            to: '2027-09-05',
            holidays: [
              { date: '2027-09-02', code: 'NATIONAL_DAY' },
              { date: '2027-09-03', code: 'NATIONAL_DAY' },
            ],
            evidence: { status: 'U', source: 'kiểm thử' },
          },
        ],
      },
    ]);
    // The supplement comes back 30 minutes later: recounted, the date would be 03/02 16:30 + 30 min of office time.
    const resumed = act(
      waiting.dossier,
      { action: 'RECEIVE_SUPPLEMENT', documents: [{ code: 'BAN_SAO', copies: 1 }] },
      { caller: reception, now: vnTime('2027-01-21', '10:30') },
    );
    expect(resumed.dossier.dueAt).toBe(issued);
  });
});
