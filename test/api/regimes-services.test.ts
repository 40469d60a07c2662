import { beforeAll, describe, expect, it } from 'vitest';
import type { Dossier } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import { apologyForm } from '#domain/forms';
import { extensionRequestForm, stopNoticeForm } from '#domain/forms-2025';
import type { Caller } from '#domain/lifecycle';
import { fold } from '#domain/lifecycle';
import { formSet, regimeOf } from '#domain/regimes';
import { createDocumentClient } from '#store/clients';
import { type OfficerCommand, type Services, servicesForTable } from '../../functions/services';
import { setUpProvince } from '../support/province-fixture';
import { tableSnapshot } from '../support/table-snapshot';

/**
 * Issue 9's proof: a dossier handed in at 30/06/2025 23:59 and one handed in at 01/07/2025 00:00
 * (Vietnam time) follow their own rule sets to the end, through the services over DynamoDB Local.
 * The clock is the services' own (`now`), moved step by step; nothing waits on real time.
 */

const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const reception: Caller = { officerId: 'tn-duongphong', name: 'Một cửa', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] };
const districtReception: Caller = { officerId: 'tn-bachthong', name: 'Một cửa huyện', agencyCode: DISTRICT, roles: ['RECEPTION_OFFICER'] };
const districtHead: Caller = { officerId: 'tp-bachthong', name: 'Trưởng phòng', agencyCode: DISTRICT, roles: ['AGENCY_HEAD'] };
const districtOfficer: Caller = { officerId: 'cv-bachthong', name: 'Chuyên viên', agencyCode: DISTRICT, roles: ['HANDLING_OFFICER'] };
const districtApprover: Caller = { officerId: 'pct-bachthong', name: 'Phó chủ tịch', agencyCode: DISTRICT, roles: ['APPROVER'] };

let services: Services;
let snapshot: () => Promise<string>;
let clock = new Date(0);

beforeAll(async () => {
  const province = await setUpProvince();
  let ids = 0;
  services = servicesForTable(province.tableName, {
    db: createDocumentClient(province.dynamo),
    now: () => clock,
    newId: () => {
      ids += 1;
      return `regime-${ids}`;
    },
  });
  snapshot = () => tableSnapshot(province.dynamo, province.tableName);
});

const at = (iso: string) => {
  clock = new Date(iso);
};

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a typed error');
}

/** Runs one officer action at the current clock and returns the dossier after it. */
const act = async (caller: Caller, dossier: Dossier, command: OfficerCommand) =>
  (await services.dossiers.act(caller, dossier.id, dossier.version, command)).dossier;

async function deliver(dossier: Dossier): Promise<Dossier> {
  const handoff = dossier.handoff!;
  expect(
    await services.dossiers.deliver({ kind: 'HANDOFF', dossierId: dossier.id, handoffId: handoff.id, toAgency: handoff.toAgency }),
  ).toBe('DELIVERED');
  return (await services.dossiers.get(dossier.id))!;
}

/**
 * The whole life of a social-allowance dossier (received at the commune, decided at the district,
 * returned at the commune), handed in incomplete at `handedIn` and moved on one hour at a time.
 */
async function wholeLife(handedIn: string) {
  at(handedIn);
  let dossier = await services.dossiers.submit(reception, {
    procedureCode: '1.001776',
    channel: 'DIRECT',
    applicant: { kind: 'CITIZEN', fullName: 'Hà Văn Nam', address: { communeAgencyCode: COMMUNE, street: 'Thôn Nà Pài' } },
    documents: [{ code: 'GIAY_XAC_NHAN_KT', copies: 1 }],
  });
  const tick = (hours: number) => at(new Date(clock.getTime() + hours * 3_600_000).toISOString());

  // Incomplete: not accepted; the one Form 02 lists the missing declaration; a second may not add anything.
  expect(await codeOf(() => services.dossiers.accept(reception, dossier.id, dossier.version))).toBe('MISSING_DOCUMENTS');
  dossier = await act(reception, dossier, { action: 'REQUEST_COMPLETION', items: [], reason: 'Thiếu tờ khai' });
  expect(dossier.completionRequest?.items.map((item) => item.code)).toEqual(['TO_KHAI_TCXH']);
  dossier = await act(reception, dossier, { action: 'RESUBMIT', documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }] });
  const before = await snapshot();
  expect(
    await codeOf(() =>
      act(reception, dossier, { action: 'REQUEST_COMPLETION', items: [{ code: 'GIAY_XAC_NHAN_KT' }], reason: 'Bản sao mờ' }),
    ),
  ).toBe('NEW_COMPLETION_ITEMS');
  expect(await snapshot()).toBe(before);

  dossier = await services.dossiers.accept(reception, dossier.id, dossier.version);
  tick(1);
  dossier = await services.dossiers.transfer(reception, { id: dossier.id, toAgency: DISTRICT, expectedVersion: dossier.version });
  dossier = await deliver(dossier);
  tick(1);
  dossier = await act(districtReception, dossier, { action: 'ACCEPT_HANDOFF' });
  dossier = await act(districtHead, dossier, { action: 'ASSIGN', assignee: 'cv-bachthong' });
  dossier = await act(districtOfficer, dossier, { action: 'START_APPRAISAL' });
  tick(24);
  dossier = await act(districtHead, dossier, {
    action: 'APOLOGIZE',
    reason: 'Chờ xác minh',
    revisedDueAt: new Date(Date.parse(dossier.dueAt!) + 7 * 86_400_000),
  });
  dossier = await act(districtOfficer, dossier, { action: 'SUBMIT_FOR_SIGNATURE' });
  dossier = await act(districtApprover, dossier, { action: 'SIGN', decision: 'APPROVED' });
  dossier = await act(districtOfficer, dossier, { action: 'ISSUE', resultNumber: '15/QĐ-UBND' });
  tick(1);
  dossier = await services.dossiers.transfer(districtOfficer, { id: dossier.id, toAgency: COMMUNE, expectedVersion: dossier.version });
  dossier = await deliver(dossier);
  dossier = await act(reception, dossier, { action: 'ACCEPT_HANDOFF' });

  // The applicant asks to stop once the decision is out: the typed error, and nothing stored changes.
  const decided = await snapshot();
  expect(await codeOf(() => act(reception, dossier, { action: 'WITHDRAW', reason: 'Không cần nữa' }))).toBe('DECISION_ALREADY_ISSUED');
  expect(await snapshot()).toBe(decided);
  tick(1);
  dossier = await act(reception, dossier, { action: 'RETURN_RESULT', deliveryMode: 'COUNTER' });
  return { dossier, stored: (await services.dossiers.get(dossier.id))!, events: await services.dossiers.history(dossier.id) };
}

describe('30/06/2025 23:59 and 01/07/2025 00:00 (Vietnam time), each to the end under its own rule set', () => {
  it('the 23:59 dossier is a 2018 dossier, the 00:00 dossier a 2025 one, from submission to return', async () => {
    const lastOf2018 = await wholeLife('2025-06-30T16:59:00.000Z');
    const firstOf2025 = await wholeLife('2025-06-30T17:00:00.000Z');
    for (const [life, regime, day] of [
      [lastOf2018, '2018', '250630'],
      [firstOf2025, '2025', '250701'],
    ] as const) {
      expect(life.stored.status).toBe('RETURNED');
      expect(life.stored.regime).toBe(regime);
      // Every event was written under the same rule set: the head is the fold of the history.
      expect(fold(life.events)).toEqual(life.stored);
      expect(life.events[0]!.initial?.regime).toBe(regime);
      expect(life.stored.code).toMatch(new RegExp(`-${day}-0001$`));
      expect(life.stored.guidance).toEqual({ firstItems: ['TO_KHAI_TCXH'], count: 1 });
    }
    const names = (code: string) => code;
    // Form 04 of each: the 2018 apology with a new appointment; the 2025 apology asking to extend.
    expect(formSet(regimeOf(lastOf2018.stored)).find((form) => form.kind === 'APOLOGY')?.title).toBe(
      'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
    );
    expect(formSet(regimeOf(firstOf2025.stored)).find((form) => form.kind === 'APOLOGY')?.title).toBe(
      'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
    );
    expect(apologyForm(lastOf2018.stored, lastOf2018.events, names)).not.toBeNull();
    expect(extensionRequestForm(lastOf2018.stored, lastOf2018.events, names)).toBeNull();
    expect(extensionRequestForm(firstOf2025.stored, firstOf2025.events, names)).toMatchObject({
      extensionWorkingDays: 5,
      reason: 'Chờ xác minh',
    });
    // The control slip is Mẫu 05 of the first, Mẫu 06 of the second.
    expect(formSet(regimeOf(lastOf2018.stored)).find((form) => form.kind === 'CONTROL_SLIP')?.number).toBe('05');
    expect(formSet(regimeOf(firstOf2025.stored)).find((form) => form.kind === 'CONTROL_SLIP')?.number).toBe('06');
  });

  it('stopped at the applicant’s request before a decision: the 2025 dossier has its Form 05 notice, the 2018 one a withdrawal record only', async () => {
    const stopped: Dossier[] = [];
    for (const handedIn of ['2025-06-30T16:59:00.000Z', '2025-06-30T17:00:00.000Z']) {
      at(handedIn);
      let dossier = await services.dossiers.submit(reception, {
        procedureCode: '1.001776',
        channel: 'DIRECT',
        applicant: { kind: 'CITIZEN', fullName: 'Lý Thị Hoa', address: { communeAgencyCode: COMMUNE } },
        documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
      });
      dossier = await services.dossiers.accept(reception, dossier.id, dossier.version);
      at('2025-07-02T02:00:00.000Z');
      stopped.push(await act(reception, dossier, { action: 'WITHDRAW', reason: 'Đề nghị dừng giải quyết' }));
    }
    const [of2018, of2025] = stopped as [Dossier, Dossier];
    expect([of2018.status, of2025.status]).toEqual(['WITHDRAWN', 'WITHDRAWN']);
    expect(stopNoticeForm(of2018, (code) => code)).toBeNull();
    expect(stopNoticeForm(of2025, (code) => code)).toMatchObject({
      onApplicantRequest: true,
      officer: 'tn-duongphong',
      reason: 'Đề nghị dừng giải quyết',
    });
  });
});
