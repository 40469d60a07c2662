import type { Procedure } from '#domain/catalog';
import type { AgencyRef, Applicant, Dossier, DossierEvent } from '#domain/dossier';
import { act, type Caller, type Command, submit } from '#domain/lifecycle';
import { STARTER_CATALOG } from '#seed/starter-catalog';

/** Dossiers built by the domain's own actions, for the mapping and contract tests. */
export const commune: AgencyRef = { code: '06.063.02014', identifier: 'H06.063.02014', level: 'COMMUNE' };
const chain: AgencyRef[] = [
  commune,
  { code: '06.063', identifier: 'H06.063', level: 'DISTRICT' },
  { code: '06', identifier: 'H06', level: 'PROVINCE' },
];
export const reception: Caller = { officerId: 'u1', name: 'Cán bộ một cửa', agencyCode: commune.code, roles: ['RECEPTION_OFFICER'] };
export const head: Caller = { officerId: 'u0', name: 'Chủ tịch xã', agencyCode: commune.code, roles: ['AGENCY_HEAD', 'APPROVER'] };

export const certification: Procedure = STARTER_CATALOG.find((procedure) => procedure.code === '2.000815')!;

export const applicant: Applicant = {
  kind: 'CITIZEN',
  fullName: 'Nguyễn Văn An',
  idNumber: '006190001234',
  phone: '0912345678',
  email: 'an@example.vn',
  address: { communeAgencyCode: commune.code, street: '12 Lê Lợi' },
};

// Monday 17/11/2025, 09:00 in Hà Nội.
export const monday9am = new Date('2025-11-17T02:00:00Z');
export const later = (minutes: number) => new Date(monday9am.getTime() + minutes * 60_000);

export interface Story {
  dossier: Dossier;
  events: DossierEvent[];
}

/** Hands a certification dossier in at the counter, then runs the actions, a minute apart. */
export function story(steps: [Command, Caller][], options: { id?: string; applicant?: Applicant } = {}): Story {
  const start = submit({
    id: options.id ?? 'd1',
    now: monday9am,
    caller: reception,
    receivingAgency: commune,
    subjectChain: chain,
    procedure: certification,
    applicant: options.applicant ?? applicant,
    documents: certification.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: 1 })),
    channel: 'DIRECT',
  });
  let { dossier } = start;
  const events = [start.event];
  steps.forEach(([command, caller], index) => {
    const next = act(dossier, command, { caller, now: later(index + 1) });
    dossier = next.dossier;
    events.push(next.event);
  });
  return { dossier, events };
}

export const ACCEPT: [Command, Caller] = [{ action: 'ACCEPT', sequence: 7 }, reception];
