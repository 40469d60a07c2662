import { describe, expect, it } from 'vitest';
import { STARTER_CATALOG } from '#seed/starter-catalog';
import type { AgencyRef, Applicant, Dossier, DossierEvent } from '../dossier';
import { DomainError } from '../errors';
import { apologyForm, completionRequestForm } from '../forms';
import { extensionRequestForm, stopNoticeForm } from '../forms-2025';
import { act, type Caller, type Command, fold, submit } from '../lifecycle';
import { regimeOf } from './index';

/**
 * The lifecycle under each rule set: a dossier handed in at 30/06/2025 23:59 follows 2018 to the
 * end, one handed in a minute later follows 2025, whatever day each is accepted, decided or returned.
 */

const commune: AgencyRef = { code: '06.063.02014', identifier: '000.01.63.H06', level: 'COMMUNE' };
const chain = [
  commune,
  { code: '06.063', identifier: '06.063', level: 'DISTRICT' as const },
  { code: '06', identifier: '06', level: 'PROVINCE' as const },
];
const reception: Caller = { officerId: 'tn-1', name: 'Một cửa', agencyCode: commune.code, roles: ['RECEPTION_OFFICER'] };
const head: Caller = { officerId: 'ct-1', name: 'Chủ tịch', agencyCode: commune.code, roles: ['AGENCY_HEAD', 'APPROVER'] };
const applicant: Applicant = {
  kind: 'CITIZEN',
  fullName: 'Hà Thị Lan',
  address: { communeAgencyCode: commune.code, street: 'Thôn Nà Pài' },
};
const birth = STARTER_CATALOG.find((procedure) => procedure.code === '1.001193')!;
/** Social allowance: 20 working days, received at the commune, decided at the district. */
const allowance = STARTER_CATALOG.find((procedure) => procedure.code === '1.001776')!;
const names = (code: string) => `name of ${code}`;

const LAST_MINUTE_2018 = new Date('2025-06-30T16:59:00.000Z');
const FIRST_MINUTE_2025 = new Date('2025-06-30T17:00:00.000Z');
/** Tuesday 01/07/2025 08:00 and later, in Hà Nội. */
const july = (day: number, hour = 8) => new Date(Date.UTC(2025, 6, day, hour - 7));

const errorCode = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
};

class Story {
  dossier: Dossier;
  events: DossierEvent[];
  constructor(at: Date, documents: string[], procedure = birth) {
    const start = submit({
      id: `d-${at.getTime()}`,
      now: at,
      caller: reception,
      receivingAgency: commune,
      subjectChain: chain,
      procedure,
      applicant,
      documents: documents.map((code) => ({ code, copies: 1 })),
      channel: 'DIRECT',
    });
    this.dossier = start.dossier;
    this.events = [start.event];
  }
  do(command: Command, caller: Caller, now: Date): this {
    const next = act(this.dossier, command, { caller, now });
    this.dossier = next.dossier;
    this.events.push(next.event);
    return this;
  }
}

describe.each([
  { regime: '2018', handedIn: LAST_MINUTE_2018 },
  { regime: '2025', handedIn: FIRST_MINUTE_2025 },
])('handed in at $handedIn: rule set $regime to the end', ({ regime, handedIn }) => {
  it('an incomplete dossier, the one-time guidance, acceptance, the decision at the counter, the return', () => {
    const story = new Story(handedIn, ['TO_KHAI_KS']);
    expect(story.dossier.regime).toBe(regime);
    expect(errorCode(() => act(story.dossier, { action: 'ACCEPT', sequence: 1 }, { caller: reception, now: july(1) }))).toBe(
      'MISSING_DOCUMENTS',
    );

    // The first Form 02 lists everything missing, though the officer named only a note on the declaration.
    story.do(
      { action: 'REQUEST_COMPLETION', items: [{ code: 'TO_KHAI_KS', note: 'Ghi thiếu ngày sinh' }], reason: 'Hồ sơ chưa đầy đủ' },
      reception,
      july(1),
    );
    expect(story.dossier.completionRequest?.items.map((item) => item.code)).toEqual(['TO_KHAI_KS', 'GIAY_CHUNG_SINH']);
    expect(story.dossier.guidance).toEqual({ firstItems: ['TO_KHAI_KS', 'GIAY_CHUNG_SINH'], count: 1 });
    expect(completionRequestForm(story.dossier, names, 'FULL')?.items).toHaveLength(2);

    // Half of it comes back; a second request may repeat what is still missing, never add.
    story.do({ action: 'RESUBMIT', documents: [{ code: 'TO_KHAI_KS', copies: 1 }] }, reception, july(2));
    expect(
      errorCode(() =>
        act(
          story.dossier,
          { action: 'REQUEST_COMPLETION', items: [{ code: 'UY_QUYEN' }], reason: 'Thiếu ủy quyền' },
          { caller: reception, now: july(2) },
        ),
      ),
    ).toBe('NEW_COMPLETION_ITEMS');
    story.do({ action: 'REQUEST_COMPLETION', items: [], reason: 'Còn thiếu giấy chứng sinh' }, reception, july(2, 9));
    expect(story.dossier.guidance?.count).toBe(2);
    story.do({ action: 'RESUBMIT', documents: [{ code: 'GIAY_CHUNG_SINH', copies: 1 }] }, reception, july(3));

    story.do({ action: 'ACCEPT', sequence: 12 }, reception, july(3, 9));
    expect(story.dossier.code).toBe('000.01.63.H06-250703-0012');
    story.do({ action: 'APPROVE_AT_COUNTER', decision: 'APPROVED', resultNumber: '12/2025' }, reception, july(3, 10));
    // Asked to stop once the decision is issued: the typed error, under either rule set.
    expect(
      errorCode(() => act(story.dossier, { action: 'WITHDRAW', reason: 'Không cần nữa' }, { caller: reception, now: july(3, 11) })),
    ).toBe('DECISION_ALREADY_ISSUED');
    story.do({ action: 'RETURN_RESULT', deliveryMode: 'COUNTER' }, reception, july(4));

    expect(story.dossier.status).toBe('RETURNED');
    expect(story.dossier.regime).toBe(regime);
    expect(regimeOf(story.dossier).id).toBe(regime);
    expect(fold(story.events)).toEqual(story.dossier);
  });

  it('stopping at the applicant’s request before a decision: WITHDRAWN, with Form 05 only under 2025', () => {
    const story = new Story(handedIn, ['TO_KHAI_KS', 'GIAY_CHUNG_SINH']);
    story
      .do({ action: 'ACCEPT', sequence: 1 }, reception, july(1))
      .do({ action: 'WITHDRAW', reason: 'Đề nghị dừng để nộp lại sau' }, reception, july(2));
    expect(story.dossier.status).toBe('WITHDRAWN');
    expect(story.dossier.withdrawal).toEqual({ at: july(2).toISOString(), officerId: 'tn-1', reason: 'Đề nghị dừng để nộp lại sau' });
    const notice = stopNoticeForm(story.dossier, names);
    if (regime === '2018') {
      expect(notice).toBeNull();
    } else {
      expect(notice).toMatchObject({
        onApplicantRequest: true,
        dossierCode: '000.01.63.H06-250701-0001',
        reason: 'Đề nghị dừng để nộp lại sau',
        officer: 'tn-1',
        applicantAddress: 'Thôn Nà Pài, name of 06.063.02014',
        at: july(2).toISOString(),
      });
    }
  });

  it('the apology: a new appointment under 2018, a request to extend (with its working days) under 2025', () => {
    const story = new Story(handedIn, ['TO_KHAI_TCXH'], allowance);
    story.do({ action: 'ACCEPT', sequence: 1 }, reception, july(1));
    const due = new Date(story.dossier.dueAt!);
    const oneWeekLater = new Date(due.getTime() + 7 * 86_400_000);
    story.do({ action: 'APOLOGIZE', reason: 'Chờ xác minh', revisedDueAt: oneWeekLater }, head, july(2));
    expect(apologyForm(story.dossier, story.events, names)?.revisedDueAt).toBe(oneWeekLater.toISOString());
    const extension = extensionRequestForm(story.dossier, story.events, names);
    if (regime === '2018') expect(extension).toBeNull();
    // A week later on the calendar is five working days in late July 2025 (no holiday then).
    else
      expect(extension).toMatchObject({
        originalDueAt: due.toISOString(),
        requestedDueAt: oneWeekLater.toISOString(),
        extensionWorkingDays: 5,
        reason: 'Chờ xác minh',
      });
  });
});

describe('dossiers stored before rule sets', () => {
  it('carry no rule set id; the moment they were handed in picks theirs', () => {
    const story = new Story(LAST_MINUTE_2018, ['TO_KHAI_KS', 'GIAY_CHUNG_SINH']);
    const submitted = story.events[0]!;
    if (submitted.type !== 'SUBMITTED') throw new Error('the first event is SUBMITTED');
    const { regime: _dropped, ...initial } = submitted.initial;
    const legacy = fold([{ ...submitted, initial }]);
    expect(legacy?.regime).toBeUndefined();
    expect(regimeOf(legacy!).id).toBe('2018');
    const accepted = act(legacy!, { action: 'ACCEPT', sequence: 3 }, { caller: reception, now: july(1) });
    expect(accepted.dossier.code).toBe('000.01.63.H06-250701-0003');
  });
});
