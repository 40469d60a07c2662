/**
 * Dossiers of a pre-merge province, made the way officers make them: through the services, on a
 * three-tier table, stopped at every state of their life. A story is a procedure, where it is
 * handed in, whose it is, and how far it goes.
 */

import type { Dossier } from '#domain/dossier';
import { STARTER_CATALOG } from '#seed/starter-catalog';
import type { Caller, OfficerCommand, ProvinceServices } from './services';

const ALL_ROLES = ['RECEPTION_OFFICER', 'HANDLING_OFFICER', 'APPROVER', 'AGENCY_HEAD'] as const;
export const officerAt = (agencyCode: string): Caller => ({
  officerId: `cb-${agencyCode}`,
  name: `Cán bộ ${agencyCode}`,
  agencyCode,
  roles: ALL_ROLES,
});

/** The way of procedure 1.001776 (commune → district → commune), each step one action. */
export const INTERCONNECTED_STEPS = [
  'SUBMIT',
  'ACCEPT',
  'TRANSFER',
  'DELIVER',
  'ACCEPT_HANDOFF',
  'ASSIGN',
  'START_APPRAISAL',
  'SUBMIT_FOR_SIGNATURE',
  'SIGN',
  'ISSUE',
  'TRANSFER',
  'DELIVER',
  'ACCEPT_HANDOFF',
  'RETURN_RESULT',
] as const;

/** Side-endings: from the state reached after the given number of steps, one more action. */
export const DETOURS = [
  'NONE',
  'REQUEST_COMPLETION',
  'REFUSE',
  'WITHDRAW',
  'STOP',
  'REQUEST_SUPPLEMENT',
  'REQUEST_FINANCIAL_OBLIGATION',
  'REQUEST_OPINIONS',
] as const;
export type Detour = (typeof DETOURS)[number];

export interface Story {
  /** The applicant's commune (three-tier code) and the one-stop that receives the dossier. */
  commune: string;
  reception: string;
  procedureCode: string;
  /** How many steps of its procedure's way it goes (1 = handed in only). */
  steps: number;
  detour: Detour;
}

/** A clock that moves one hour per action, from a day before the reorganisation. */
export function stepClock(start = Date.parse('2025-06-02T01:00:00Z')) {
  let now = start;
  return () => {
    now += 3_600_000;
    return new Date(now);
  };
}

const district = (commune: string) => commune.split('.').slice(0, 2).join('.');

/** Plays a story as far as it goes; an action the rules refuse ends it where it stands. */
export async function play(services: ProvinceServices, story: Story): Promise<Dossier> {
  const applicant = {
    kind: 'CITIZEN' as const,
    fullName: 'Hoàng Thị Lan',
    idNumber: '001190012345',
    address: { communeAgencyCode: story.commune },
  };
  const documents = documentsOf(story.procedureCode);
  let dossier = await services.submit(officerAt(story.reception), {
    procedureCode: story.procedureCode,
    channel: 'DIRECT',
    applicant,
    documents,
  });
  const way = wayOf(story.procedureCode);
  for (const step of way.slice(1, story.steps)) {
    const next = await attempt(services, dossier, step);
    if (!next) return dossier;
    dossier = next;
  }
  if (story.detour !== 'NONE') dossier = (await attempt(services, dossier, story.detour)) ?? dossier;
  return dossier;
}

function wayOf(procedureCode: string): readonly string[] {
  if (procedureCode === '1.001776') return INTERCONNECTED_STEPS;
  // Single-agency procedures: received, decided and returned at the same place.
  return ['SUBMIT', 'ACCEPT', 'ASSIGN', 'START_APPRAISAL', 'SUBMIT_FOR_SIGNATURE', 'SIGN', 'ISSUE', 'RETURN_RESULT'];
}

/** The documents the procedure requires, as many copies as it asks for. */
function documentsOf(procedureCode: string): { code: string; copies: number }[] {
  const procedure = STARTER_CATALOG.find((candidate) => candidate.code === procedureCode);
  if (!procedure) throw new Error(`No procedure ${procedureCode} in the starter catalog`);
  return procedure.documents.filter((doc) => doc.required).map(({ code, copies }) => ({ code, copies }));
}

/** One action by an officer of the agency that holds the dossier (or receives the handoff). */
async function attempt(services: ProvinceServices, dossier: Dossier, step: string): Promise<Dossier | undefined> {
  const holder = dossier.holderAgency ?? dossier.handoff?.toAgency ?? dossier.receivingAgency;
  const officer = officerAt(holder);
  const v = dossier.version;
  try {
    switch (step) {
      case 'ACCEPT':
        return await services.accept(officer, dossier.id, v);
      case 'TRANSFER': {
        const toAgency = dossier.route[dossier.routeStep + 1]?.agencyCode ?? district(holder);
        return await services.transfer(officer, { id: dossier.id, toAgency, expectedVersion: v });
      }
      case 'DELIVER': {
        const handoff = dossier.handoff!;
        await services.deliver({
          kind: handoff.kind === 'RETURN' ? 'RETURN' : 'HANDOFF',
          dossierId: dossier.id,
          handoffId: handoff.id,
          toAgency: handoff.toAgency,
        });
        return (await services.get(dossier.id))!;
      }
      case 'REQUEST_OPINIONS': {
        const other = dossier.subjectChain.find((agency) => agency.code !== holder)!.code;
        return await services.requestOpinions(officer, {
          id: dossier.id,
          expectedVersion: v,
          question: 'Xin ý kiến về hoàn cảnh của người đề nghị',
          agencies: [{ agencyCode: other, budget: { value: 3, unit: 'WORKING_DAYS' } }],
        });
      }
      default:
        return await services.act(officer, dossier.id, v, command(step, dossier));
    }
  } catch (error) {
    // The rules refuse it here (a detour from a state that has none, while in transit, a stop after the decision): the story ends.
    if (
      ['ILLEGAL_ACTION', 'NOT_HOLDER', 'DECISION_ALREADY_ISSUED', 'NEW_COMPLETION_ITEMS'].includes((error as { code?: string }).code ?? '')
    )
      return undefined;
    throw error;
  }
}

function command(step: string, dossier: Dossier): OfficerCommand {
  const firstDocument = dossier.terms.documents[0]!.code;
  switch (step) {
    case 'REQUEST_COMPLETION':
      return { action: 'REQUEST_COMPLETION', items: [{ code: firstDocument }], reason: 'Tờ khai chưa ký' };
    case 'REFUSE':
      return { action: 'REFUSE', reason: 'Không thuộc thẩm quyền' };
    case 'WITHDRAW':
      return { action: 'WITHDRAW', reason: 'Người nộp rút hồ sơ' };
    case 'STOP':
      return { action: 'STOP', reason: 'Dừng theo đề nghị' };
    case 'REQUEST_SUPPLEMENT':
      return { action: 'REQUEST_SUPPLEMENT', items: [{ code: firstDocument }], reason: 'Bổ sung bản sao' };
    case 'REQUEST_FINANCIAL_OBLIGATION':
      return { action: 'REQUEST_FINANCIAL_OBLIGATION', amount: 50_000, reason: 'Lệ phí' };
    case 'ACCEPT_HANDOFF':
      return { action: 'ACCEPT_HANDOFF' };
    case 'ASSIGN':
      return { action: 'ASSIGN', assignee: 'chuyen-vien-1' };
    case 'START_APPRAISAL':
      return { action: 'START_APPRAISAL' };
    case 'SUBMIT_FOR_SIGNATURE':
      return { action: 'SUBMIT_FOR_SIGNATURE' };
    case 'SIGN':
      return { action: 'SIGN', decision: 'APPROVED' };
    case 'ISSUE':
      return { action: 'ISSUE', resultNumber: '123/QĐ-UBND' };
    case 'RETURN_RESULT':
      return { action: 'RETURN_RESULT', deliveryMode: 'COUNTER' };
    default:
      throw new Error(`No command for ${step}`);
  }
}
