import { createHash } from 'node:crypto';
import { buildSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#domain/actions';
import { type Operation, PERMISSIONS, PROVINCE_SCOPE, type Principal, permits } from '#domain/authorization';
import { SCHEDULE_2026 } from '#domain/calendar/schedules/2026';
import type { UploadPurpose } from '#domain/documents';
import type { Dossier } from '#domain/dossier';
import type { Caller } from '#domain/lifecycle';
import { lookupSecret } from '#domain/lookup-secret';
import { dossierFilesFromEnvironment } from '#files/dossier-files';
import { typeDefs } from '#graphql/generated/type-defs';
import { PUBLIC_SURFACE, publicTypeDefs } from '#graphql/public/surface';
import { sharedDocumentClient } from '#store/clients';
import { hashKey } from '#store/keys-config';
import { type OfficerCommand, type Services, servicesForTable } from '../../functions/services';
import { createStore } from '../../functions/store';
// The redrive mutation is answered by the admin function's handler in this process, as npm start does.
import '../../local/in-process-redrive';
import { type Claims, type GraphQLResponse, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

/**
 * The authorization matrix (issue 5): every Query and Mutation field of the schema × every role ×
 * the caller's agency relative to the subject (own, a sibling, the parent district, another
 * district and one of its communes, the province) plus an anonymous caller, sent through the real
 * GraphQL handler against DynamoDB Local. The expected answer is the table's own:
 * `permits(operation, caller, target)`. A denial is FORBIDDEN / UNAUTHENTICATED (or a null, or
 * DOSSIER_NOT_FOUND for a dossier that exists: answers that hide existence); anything else, a lifecycle refusal included, means the request got
 * past authorization. A leak is "the table says no, the API let it through"; an over-block is "the
 * table says yes, the API said FORBIDDEN". Field rules (personal data, the read log) and the rows
 * of list reads are checked the same way. The anonymous caller sends no claims, so the handler
 * serves it the public schema (functions/graphql/public/surface.ts): officers' fields answer
 * UNAUTHENTICATED there, and the first test checks that schema against the table's PUBLIC rows.
 */

// ---------------------------------------------------------------------------------------------
// The agencies callers sit in (Bắc Kạn, unit list 2025-03).

const C = '06.063.02014'; // Xã Dương Phong: where the dossiers are handed in
const S = '06.063.02017'; // Xã Quang Thuận: a commune of the same district
const D = '06.063'; // Huyện Bạch Thông: the district above C
const OD = '06.064'; // Huyện Chợ Đồn: another district (consulted for opinions)
const OC = '06.064.02023'; // Xã Xuân Lạc: a commune of that other district
const P = '06'; // Tỉnh Bắc Kạn
const AGENCIES = [C, S, D, OD, OC, P] as const;
const SHORT: Record<string, string> = { [C]: 'C', [S]: 'S', [D]: 'D', [OD]: 'OD', [OC]: 'OC', [P]: 'P' };

const READ_CCCD = '006190004321';
const PHONE = '0912345678';
const EMAIL = 'mai@example.vn';

interface CallerSpec {
  key: string;
  role: Role | null;
  agency: string | null;
  claims: Claims | undefined;
  principal: Principal | null;
}

const CALLERS: CallerSpec[] = [
  ...ROLES.flatMap((role) =>
    AGENCIES.map((agency) => ({
      key: `${role}@${SHORT[agency]}`,
      role,
      agency,
      claims: { sub: `matrix-${role.toLowerCase()}-${agency}`, agency, roles: role },
      principal: { agencyCode: agency, roles: [role] },
    })),
  ),
  { key: 'anonymous', role: null, agency: null, claims: undefined, principal: null },
];

const ROLE_SHORT: Record<Role, string> = {
  RECEPTION_OFFICER: 'REC',
  HANDLING_OFFICER: 'HDL',
  APPROVER: 'APR',
  AGENCY_HEAD: 'HEAD',
  PROVINCE_ADMIN: 'ADM',
  AUDITOR: 'AUD',
  AGENCY_SYSTEM: 'SYS',
};

/** The caller's agency relative to the subject's: what the issue calls own / other / parent. */
function relation(caller: string | null, home: string): string {
  if (caller === null) return 'anonymous';
  if (caller === home) return 'own';
  if (home.startsWith(`${caller}.`)) return caller === P ? 'province' : 'parent';
  if (caller.startsWith(`${home}.`)) return 'child';
  const parent = (code: string) => code.split('.').slice(0, -1).join('.');
  return parent(caller) === parent(home) ? 'sibling' : 'other';
}

// ---------------------------------------------------------------------------------------------
// The map: every schema field → the table's operation and how to send it at a prepared subject.

type Target = { agency?: string; dossier?: Dossier };
interface Subject {
  dossier?: Dossier;
  agency?: string;
  /** A feedback (PAKN) item the operation is about (issue 12). */
  feedbackId?: string;
  feedbackCode?: string;
}
interface Request {
  query: string;
  variables?: Record<string, unknown>;
}

interface Variant {
  /** What the subject is, for the printed table. */
  label: string;
  prepare: () => Promise<Subject>;
  /** The agency relations are measured from. */
  home: (subject: Subject, caller: CallerSpec) => string;
  /** What the operation is about, as `permits` takes it. */
  target: (subject: Subject, caller: CallerSpec) => Target;
  request: (subject: Subject, caller: CallerSpec) => Request;
  /** A dossier an allowed action moved on is replaced by a fresh one in the same state. */
  stateful?: boolean;
  /** When the field's arguments change the operation (an agency's figures or the province's). */
  operation?: Operation;
  /** Checks of the rows a list returns (each row only if the table lets the caller see it). */
  rows?: (data: unknown, caller: CallerSpec) => Promise<RowCheck[]>;
}

interface Entry {
  operation: Operation;
  /** A null answer (without an error) hides the subject: counts as a denial. */
  nullHides?: boolean;
  variants: Variant[];
}

interface RowCheck {
  what: string;
  expected: boolean;
  observed: boolean;
  detail: string;
}

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
let services: Services;
let past: Services;
let subjects: ReturnType<typeof subjectBuilders>;

const officer = (agencyCode: string, ...roles: Role[]): Caller => ({
  officerId: `prep-${roles.join('-')}`,
  name: 'Chuẩn bị',
  agencyCode,
  roles,
});

/** Acceptances at one agency share a daily counter: the preparation takes them one at a time. */
let acceptQueue: Promise<unknown> = Promise.resolve();
function serialAccept(svc: Services, id: string, version: number): Promise<Dossier> {
  const run = acceptQueue.then(() => svc.dossiers.accept(officer(C, 'RECEPTION_OFFICER'), id, version));
  acceptQueue = run.catch(() => undefined);
  return run;
}

/** Dossiers in every state the mutations need, made through the services directly. */
function subjectBuilders() {
  const applicant = (withCitizenId: boolean) => ({
    kind: 'CITIZEN' as const,
    fullName: 'Triệu Thị Mai',
    ...(withCitizenId ? { idNumber: READ_CCCD } : {}),
    phone: PHONE,
    email: EMAIL,
    address: { communeAgencyCode: C },
  });
  const DOCUMENTS: Record<string, { code: string; copies: number }[]> = {
    '2.000815': [
      { code: 'BAN_CHINH', copies: 1 },
      { code: 'BAN_SAO', copies: 1 },
    ],
    '1.001776': [{ code: 'TO_KHAI_TCXH', copies: 1 }],
  };
  const rec = officer(C, 'RECEPTION_OFFICER');
  const handling = officer(C, 'HANDLING_OFFICER');
  const head = officer(C, 'AGENCY_HEAD');
  const approver = officer(C, 'APPROVER');
  const act = async (svc: Services, dossier: Dossier, caller: Caller, command: OfficerCommand) =>
    (await svc.dossiers.act(caller, dossier.id, dossier.version, command)).dossier;

  const submitted = (procedureCode = '2.000815', withCitizenId = false, svc = services) =>
    svc.dossiers.submit(rec, {
      procedureCode,
      channel: 'DIRECT',
      applicant: applicant(withCitizenId),
      documents: DOCUMENTS[procedureCode]!,
    });
  const received = async (procedureCode = '2.000815', withCitizenId = false, svc = services) => {
    const dossier = await submitted(procedureCode, withCitizenId, svc);
    return svc === services ? serialAccept(svc, dossier.id, dossier.version) : svc.dossiers.accept(rec, dossier.id, dossier.version);
  };
  const assigned = async (svc = services, withCitizenId = false) =>
    act(svc, await received('2.000815', withCitizenId, svc), head, { action: 'ASSIGN', assignee: 'cv-duongphong' });
  const appraising = async (svc = services, withCitizenId = false) =>
    act(svc, await assigned(svc, withCitizenId), handling, { action: 'START_APPRAISAL' });
  const consulting = async (svc = services, withCitizenId = false) => {
    const dossier = await appraising(svc, withCitizenId);
    const budget = { value: 1, unit: 'WORKING_DAYS' as const };
    return (
      await svc.dossiers.requestOpinions(handling, {
        id: dossier.id,
        expectedVersion: dossier.version,
        question: 'Ý kiến về hồ sơ?',
        agencies: [{ agencyCode: OD, budget }],
      })
    ).dossier;
  };
  const handoffSent = async (withCitizenId = false) => {
    const dossier = await received('1.001776', withCitizenId);
    return services.dossiers.transfer(rec, { id: dossier.id, toAgency: D, expectedVersion: dossier.version });
  };
  const handoffDelivered = async (withCitizenId = false) => {
    const sent = await handoffSent(withCitizenId);
    await services.dossiers.deliver({ kind: 'HANDOFF', dossierId: sent.id, handoffId: sent.handoff!.id, toAgency: D });
    return (await services.dossiers.get(sent.id))!;
  };
  const awaitingSignature = async (withCitizenId = false) =>
    act(services, await appraising(services, withCitizenId), handling, { action: 'SUBMIT_FOR_SIGNATURE' });
  const signed = async (withCitizenId = false) =>
    act(services, await awaitingSignature(withCitizenId), approver, { action: 'SIGN', decision: 'APPROVED' });
  // Dossier documents (issue 11): a file uploaded through a presigned PUT, waiting to be attached.
  const withUpload = async (dossier: Dossier, caller: Caller, purpose: UploadPurpose) => {
    const ticket = await services.documents.requestUpload(caller, {
      dossierId: dossier.id,
      purpose,
      declared: { contentType: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('base64') },
    });
    await fetch(ticket.url, { method: 'PUT', body: PDF, headers: ticket.headers });
    uploads.set(dossier.id, ticket.uploadId);
    return dossier;
  };
  return {
    submitted: () => submitted(),
    pendingCompletion: async () =>
      act(services, await submitted(), rec, { action: 'REQUEST_COMPLETION', items: [{ code: 'BAN_SAO' }], reason: 'Thiếu bản sao' }),
    received: () => received(),
    receivedInterconnected: () => received('1.001776'),
    assigned: () => assigned(),
    appraising: () => appraising(),
    awaitingSignature,
    signed: () => signed(),
    receivedWithUpload: async () => withUpload(await received(), rec, { kind: 'COMPONENT', componentCode: 'BAN_CHINH' }),
    signedWithResultUpload: async () => withUpload(await signed(), handling, { kind: 'RESULT' }),
    /** A received dossier of an applicant whose earlier dossier has an e-result to reuse. */
    receivedWithReusableResult: async () => {
      const source = await withUpload(await signed(true), handling, { kind: 'RESULT' });
      const issued = { number: '1/QĐ', issuedOn: '2026-12-03', signer: 'Nguyễn Văn A' };
      await services.documents.attachResult(handling, {
        id: source.id,
        expectedVersion: source.version,
        uploadId: uploads.get(source.id)!,
        ...issued,
      });
      const target = await received('2.000815', true);
      reuseSources.set(target.id, source.id);
      return target;
    },
    resolved: async () => act(services, await received(), rec, { action: 'APPROVE_AT_COUNTER', decision: 'APPROVED' }),
    supplementRequested: async () =>
      act(services, await received(), rec, { action: 'REQUEST_SUPPLEMENT', items: [{ code: 'BAN_SAO' }], reason: 'Bản sao mờ' }),
    awaitingFinancialObligation: async () =>
      act(services, await received(), head, { action: 'REQUEST_FINANCIAL_OBLIGATION', amount: 50_000, reason: 'Lệ phí' }),
    consulting: () => consulting(),
    feesAssessed: async () =>
      act(services, await received(), rec, {
        action: 'ASSESS_FEES',
        fees: [{ code: 'LP01', name: 'Lệ phí', amount: 10_000, kind: 'CHARGE' }],
      }),
    /** Opinions asked 40 days ago with a one-day budget: the consultation may be closed now. */
    consultationRunOut: () => consulting(past),
    handoffSent: () => handoffSent(),
    handoffDelivered: () => handoffDelivered(),
    // Read-only subjects (never mutated), carrying the citizen ID the search looks for.
    readAtCommune: async () => {
      const dossier = await act(services, await received('2.000815', true), rec, {
        action: 'REQUEST_SUPPLEMENT',
        items: [{ code: 'BAN_SAO' }],
        reason: 'Bản sao mờ',
      });
      return act(services, dossier, rec, { action: 'RECEIVE_SUPPLEMENT', documents: [{ code: 'BAN_SAO', copies: 1 }] });
    },
    readHeldAtDistrict: async () =>
      act(services, await handoffDelivered(true), officer(D, 'HANDLING_OFFICER'), { action: 'ACCEPT_HANDOFF' }),
    readConsulting: () => consulting(services, true),
  };
}

const DOSSIER_SELECTION = 'id version status phase';

/** Issue 11: the upload prepared for a dossier, and the dossier whose e-result another may reuse. */
const uploads = new Map<string, string>();
const reuseSources = new Map<string, string>();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');

function mutation(field: string, args: Record<string, [type: string, value: unknown]>, selection = DOSSIER_SELECTION): Request {
  const names = Object.keys(args);
  const declared = names.map((name) => `$${name}: ${args[name]![0]}`).join(', ');
  const passed = names.map((name) => `${name}: $${name}`).join(', ');
  return {
    query: `mutation Matrix${declared ? `(${declared})` : ''} { ${field}${passed ? `(${passed})` : ''} { ${selection} } }`,
    variables: Object.fromEntries(names.map((name) => [name, args[name]![1]])),
  };
}

const holderOrReceiving = (subject: Subject) =>
  subject.dossier!.holderAgency ?? subject.dossier!.handoff?.toAgency ?? subject.dossier!.receivingAgency;

/** A dossier action: the table's target is the dossier itself. */
function dossierAction(
  label: string,
  prepare: () => Promise<Dossier>,
  field: string,
  args: (dossier: Dossier) => Record<string, [string, unknown]>,
  home: (subject: Subject) => string = holderOrReceiving,
): Variant {
  return {
    label,
    prepare: async () => ({ dossier: await prepare() }),
    home,
    target: (subject) => ({ dossier: subject.dossier! }),
    request: (subject) =>
      mutation(field, { id: ['ID!', subject.dossier!.id], expectedVersion: ['Int!', subject.dossier!.version], ...args(subject.dossier!) }),
    stateful: true,
  };
}

/** A read at a dossier prepared once. */
function dossierRead(
  label: string,
  prepare: () => Promise<Dossier>,
  request: (dossier: Dossier) => Request,
  home: (subject: Subject) => string = holderOrReceiving,
): Variant {
  return {
    label,
    prepare: async () => ({ dossier: await prepare() }),
    home,
    target: (subject) => ({ dossier: subject.dossier! }),
    request: (subject) => request(subject.dossier!),
  };
}

/** An operation on the caller's own agency (its inbox, its register, …): no argument names another. */
function ownAgency(label: string, request: (caller: CallerSpec) => Request, rows?: Variant['rows']): Variant {
  return {
    label,
    prepare: async () => ({}),
    home: (_subject, caller) => caller.agency ?? P,
    target: (_subject, caller) => (caller.agency ? { agency: caller.agency } : {}),
    request: (_subject, caller) => request(caller),
    ...(rows ? { rows } : {}),
  };
}

/** An operation naming an agency in its arguments. */
function atAgency(label: string, agency: string, request: (agency: string) => Request): Variant {
  return {
    label,
    prepare: async () => ({ agency }),
    home: () => agency,
    target: () => ({ agency }),
    request: () => request(agency),
  };
}

const publicRead = (label: string, request: Request): Variant => ({
  label,
  prepare: async () => ({}),
  home: () => P,
  target: () => ({}),
  request: () => request,
});

const reason = (text = 'Lý do kiểm thử'): [string, unknown] => ['String!', text];
const readSubjects = () => [
  { label: 'RECEIVED at C (commune procedure)', prepare: readAtCommune },
  { label: 'held at D (interconnected C→D→C)', prepare: readHeldAtDistrict },
  { label: 'CONSULTING at C, OD consulted', prepare: readConsulting },
];
// Read subjects are made once and shared by the reads, the field rules and the row checks.
let readAtCommuneDossier: Promise<Dossier> | undefined;
let readHeldAtDistrictDossier: Promise<Dossier> | undefined;
let readConsultingDossier: Promise<Dossier> | undefined;
function readAtCommune() {
  readAtCommuneDossier ??= subjects.readAtCommune();
  return readAtCommuneDossier;
}
function readHeldAtDistrict() {
  readHeldAtDistrictDossier ??= subjects.readHeldAtDistrict();
  return readHeldAtDistrictDossier;
}
function readConsulting() {
  readConsultingDossier ??= subjects.readConsulting();
  return readConsultingDossier;
}

/** A valid submission for whichever agency the caller sits in. */
function submissionFor(agency: string) {
  const level = agency.split('.').length;
  if (level === 3) {
    return { procedureCode: '2.000815', commune: agency, documents: [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }] };
  }
  if (level === 2) {
    return {
      procedureCode: '1.009994',
      commune: agency === D ? C : OC,
      documents: [{ code: 'DON_GPXD' }, { code: 'GIAY_TO_DAT' }, { code: 'BAN_VE_TK', copies: 2 }],
    };
  }
  return { procedureCode: '2.000488', commune: C, documents: [{ code: 'TO_KHAI_LLTP' }, { code: 'GIAY_TO_TUY_THAN' }] };
}

const SCHEDULE_2026_INPUT = {
  year: SCHEDULE_2026.year,
  source: { document: 'Lịch nghỉ 2026 (kiểm thử ma trận quyền)', confirmed: false },
  breaks: SCHEDULE_2026.breaks.map((b) => ({
    name: b.name,
    from: b.from,
    to: b.to,
    holidays: b.holidays.map(({ date, code }) => ({ date, code })),
    compensatory: (b.compensatory ?? []).map((c) => ({ date: c.date, forDate: c.for })),
    swaps: (b.swaps ?? []).map(({ dayOff, workOn }) => ({ dayOff, workOn })),
  })),
};

const inTwoDays = () => new Date(Date.now() + 2 * 86_400_000).toISOString();
const twoDaysAgo = () => new Date(Date.now() - 2 * 86_400_000).toISOString();

function buildMap(): Record<string, Entry> {
  const s = subjects;
  return {
    // ----- Query
    me: { operation: 'ME_READ', nullHides: true, variants: [ownAgency('the caller', () => ({ query: '{ me { id roles } }' }))] },
    agency: {
      operation: 'AGENCY_READ',
      variants: [
        atAgency('agency D', D, (code) => ({ query: 'query ($code: ID!) { agency(code: $code) { code name } }', variables: { code } })),
      ],
    },
    agencies: {
      operation: 'AGENCY_READ',
      variants: [
        atAgency('agencies under D', D, (code) => ({
          query: 'query ($code: ID) { agencies(parentCode: $code) { code } }',
          variables: { code },
        })),
      ],
    },
    procedures: { operation: 'CATALOG_READ', variants: [publicRead('the catalog', { query: '{ procedures { code version } }' })] },
    // The rule sets are published law, read like the catalog.
    ruleSets: { operation: 'CATALOG_READ', variants: [publicRead('the rule sets', { query: '{ ruleSets { id } }' })] },
    ruleSetAt: {
      operation: 'CATALOG_READ',
      variants: [publicRead('the rule set at an instant', { query: '{ ruleSetAt(at: "2026-01-01T00:00:00+07:00") { id } }' })],
    },
    procedure: {
      operation: 'CATALOG_READ',
      variants: [publicRead('procedure 1.001776', { query: '{ procedure(code: "1.001776") { code version } }' })],
    },
    inbox: {
      operation: 'INBOX_READ',
      variants: [
        ownAgency(
          'own inbox',
          () => ({ query: '{ inbox(first: 100) { nodes { id applicant { idNumber phone } } } }' }),
          dossierRows('inbox', (data) => (data as { nodes: RowNode[] }).nodes),
        ),
      ],
    },
    dossier: {
      operation: 'DOSSIER_READ',
      nullHides: true,
      variants: readSubjects().map(({ label, prepare }) =>
        dossierRead(label, prepare, (dossier) => ({
          query: 'query ($id: ID!) { dossier(id: $id) { id status } }',
          variables: { id: dossier.id },
        })),
      ),
    },
    documentDownload: {
      operation: 'DOCUMENT_DOWNLOAD',
      variants: readSubjects().map(({ label, prepare }) =>
        dossierRead(label, prepare, (dossier) => ({
          query: 'query ($id: ID!) { documentDownload(dossierId: $id, documentId: "no-such-document") { url } }',
          variables: { id: dossier.id },
        })),
      ),
    },
    reusableResults: {
      operation: 'DOSSIER_ATTACH_DOCUMENT',
      variants: [
        dossierRead('RECEIVED at C, an earlier e-result', s.receivedWithReusableResult, (dossier) => ({
          query: 'query ($id: ID!) { reusableResults(dossierId: $id) { dossierId } }',
          variables: { id: dossier.id },
        })),
      ],
    },
    dossiersByCitizenId: {
      operation: 'CITIZEN_SEARCH',
      variants: [
        ownAgency(
          'search by CCCD',
          () => ({
            query: 'query ($n: String!) { dossiersByCitizenId(idNumber: $n, first: 50) { id applicant { idNumber phone } } }',
            variables: { n: READ_CCCD },
          }),
          dossierRows('dossiersByCitizenId', (data) => data as RowNode[], true),
        ),
      ],
    },
    lookupDossier: {
      operation: 'PUBLIC_LOOKUP',
      variants: [
        dossierRead('RECEIVED at C, code + receipt secret', readAtCommune, (dossier) => ({
          query:
            'query ($code: String!, $secret: String!) { lookupDossier(code: $code, secret: $secret) { code status receivingAgencyName } }',
          variables: { code: dossier.code, secret: lookupSecret(dossier.code!, hashKey('LOOKUP_SECRET_KEY')) },
        })),
      ].map((variant) => ({ ...variant, target: () => ({}) })),
    },
    trackingBook: {
      operation: 'REGISTER_READ',
      variants: [
        ownAgency(
          'own register',
          () => ({
            query:
              'query ($from: DateTime!, $to: DateTime!) { trackingBook(from: $from, to: $to, first: 200) { rows { dossierCode applicantPhone } } }',
            variables: { from: twoDaysAgo(), to: inTwoDays() },
          }),
          trackingBookRows,
        ),
      ],
    },
    opinionRequests: {
      operation: 'OPINION_REQUESTS_READ',
      variants: [
        ownAgency(
          'own opinion requests',
          () => ({ query: '{ opinionRequests(first: 100) { dossierId } }' }),
          async (data, caller) => {
            const items = data as { dossierId: string }[];
            return Promise.all(
              items.map(async (item) => {
                const dossier = (await services.dossiers.get(item.dossierId))!;
                const addressed = dossier.consultation?.requests.some((request) => request.agencyCode === caller.agency) ?? false;
                return {
                  what: 'OpinionRequestItem (addressed to the caller)',
                  expected: addressed && permits('DOSSIER_READ', caller.principal, { dossier }),
                  observed: true,
                  detail: item.dossierId,
                };
              }),
            );
          },
        ),
      ],
    },
    failedHandoffs: {
      operation: 'FAILED_HANDOFFS_READ',
      variants: [
        atAgency('failures of D', D, (code) => ({
          query: 'query ($code: ID) { failedHandoffs(agencyCode: $code) { handoffId reason } }',
          variables: { code },
        })),
        atAgency('failures of C', C, (code) => ({
          query: 'query ($code: ID) { failedHandoffs(agencyCode: $code) { handoffId reason } }',
          variables: { code },
        })),
        ownAgency('own failures (no agencyCode)', () => ({ query: '{ failedHandoffs { handoffId reason } }' })),
      ],
    },

    workingCalendar: {
      operation: 'CALENDAR_READ',
      variants: [publicRead('the 2026 calendar', { query: '{ workingCalendar(year: 2026) { year source } }' })],
    },
    dayOffSchedules: {
      operation: 'CALENDAR_READ',
      variants: [publicRead('the loaded schedules', { query: '{ dayOffSchedules { year revision } }' })],
    },

    // Statistics (issue 12): an agency's figures (QUALITY_READ) or the province's (QUALITY_PROVINCE_READ).
    ...Object.fromEntries(
      (
        [
          [
            'qualityOverview',
            '($period: PeriodInput!, $agency: String) { qualityOverview(period: $period, agency: $agency) { scope { code } } }',
          ],
          ['qualityTrend', '($agency: String) { qualityTrend(kind: QUARTER, year: 2026, agency: $agency) { index { points } } }'],
          [
            'qualityDossiers',
            '($period: PeriodInput!, $agency: String) { qualityDossiers(period: $period, figure: "received", agency: $agency) { dossierId } }',
          ],
          ['reportII06a', '($period: PeriodInput!, $agency: String) { reportII06a(period: $period, agency: $agency) { rows { field } } }'],
        ] as const
      ).map(([field, body]) => {
        const period = { kind: 'MONTH', year: 2026, number: 1 };
        return [
          field,
          {
            operation: 'QUALITY_READ' as const,
            variants: [
              atAgency(`figures of D`, D, (agency) => ({ query: `query ${body}`, variables: { period, agency } })),
              {
                ...publicRead('figures of the province', { query: `query ${body}`, variables: { period } }),
                operation: 'QUALITY_PROVINCE_READ' as const,
              },
            ],
          },
        ];
      }),
    ),

    // ----- Mutation: configuration
    loadDayOffSchedule: {
      operation: 'CALENDAR_LOAD',
      // The seeded 2026 schedule loaded again: a new revision that changes no day.
      variants: [
        publicRead(
          'the 2026 schedule again',
          mutation('loadDayOffSchedule', { input: ['DayOffScheduleInput!', SCHEDULE_2026_INPUT] }, 'year revision'),
        ),
      ],
    },
    updateAgency: {
      operation: 'AGENCY_UPDATE',
      variants: [
        atAgency('agency D (its identifier again)', D, (code) =>
          mutation(
            'updateAgency',
            { code: ['ID!', code], input: ['AgencyUpdateInput!', { identifier: agencyIdentifiers.get(code) }] },
            'code identifier',
          ),
        ),
      ],
    },
    addAgency: {
      operation: 'AGENCY_UPDATE',
      // The first allowed caller adds it; the others pass the table and get AGENCY_EXISTS.
      variants: [
        atAgency('a department 06.SMATRIX under the province', P, () =>
          mutation('addAgency', { input: ['AgencyAddInput!', { code: '06.SMATRIX', kind: 'DEPARTMENT', name: 'Sở kiểm thử' }] }, 'code'),
        ),
      ],
    },
    renameAgency: {
      operation: 'AGENCY_UPDATE',
      variants: [
        atAgency('agency D (its name again)', D, (code) =>
          mutation('renameAgency', { code: ['ID!', code], input: ['AgencyRenameInput!', { name: 'UBND Huyện Bạch Thông' }] }, 'code name'),
        ),
      ],
    },
    closeAgency: {
      operation: 'AGENCY_UPDATE',
      // The first allowed caller closes it; the others pass the table and get AGENCY_CLOSED.
      variants: [
        {
          ...atAgency('a department 06.SCLOSE made for it', P, () =>
            mutation(
              'closeAgency',
              { code: ['ID!', '06.SCLOSE'], input: ['AgencyCloseInput!', { validTo: '2099-12-31' }] },
              'code validTo',
            ),
          ),
          prepare: async () => {
            const province = (await services.agencies.get(P))!;
            await createStore(sharedDocumentClient(), fixture.tableName).agencies.insertAgency({
              ...province,
              code: '06.SCLOSE',
              identifier: '06.SCLOSE',
              kind: 'DEPARTMENT',
              parentCode: P,
              name: 'Sở kiểm thử',
              origin: 'ADMIN',
            });
            return { agency: P };
          },
        },
      ],
    },
    publishProcedureVersion: {
      operation: 'CATALOG_PUBLISH',
      variants: [
        publicRead(
          'a test-only procedure 9.999901',
          mutation('publishProcedureVersion', { input: ['ProcedureInput!', TEST_PROCEDURE] }, 'code version'),
        ),
      ].map((variant) => ({ ...variant, home: () => P, target: () => ({}) })),
    },
    redriveFailedHandoffs: {
      operation: 'FAILED_HANDOFFS_REDRIVE',
      variants: [
        atAgency('DLQ of D', D, (code) =>
          mutation('redriveFailedHandoffs', { agencyCode: ['ID!', code], max: ['Int', 1] }, 'agencyCode moved'),
        ),
      ],
    },
    acknowledgeHandoff: {
      operation: 'HANDOFF_ACKNOWLEDGE',
      variants: [
        {
          label: 'handoff C→D sent, not delivered',
          prepare: async () => ({ dossier: await s.handoffSent() }),
          home: (subject) => subject.dossier!.handoff!.toAgency,
          target: (subject) => ({ agency: subject.dossier!.handoff!.toAgency }),
          request: (subject) =>
            mutation(
              'acknowledgeHandoff',
              {
                dossierId: ['ID!', subject.dossier!.id],
                handoffId: ['ID!', subject.dossier!.handoff!.id],
                kind: ['HandoffKind!', 'HANDOFF'],
              },
              'handoffId outcome',
            ),
          stateful: true,
        },
      ],
    },

    // ----- Issue 10: fees, reconciliation with the national portal, resync
    reconciliation: {
      operation: 'PORTAL_RECONCILIATION_READ',
      variants: [
        atAgency('a day of C', C, (code) => ({
          query: 'query ($code: ID!) { reconciliation(day: "2020-01-01", agencyCode: $code) { clean } }',
          variables: { code },
        })),
      ],
    },
    onlineIntakeFailures: {
      operation: 'ONLINE_INTAKE_READ',
      variants: [publicRead('items the intake refused', { query: '{ onlineIntakeFailures { itemId code } }' })],
    },
    resyncDossierToPortal: {
      operation: 'PORTAL_RESYNC',
      variants: [
        {
          ...dossierRead('RECEIVED at C', s.received, (dossier) => mutation('resyncDossierToPortal', { id: ['ID!', dossier.id] })),
          stateful: true,
        },
      ],
    },
    resyncDayToPortal: {
      operation: 'PORTAL_RESYNC',
      // A day without dossiers: the answer says who may, and nothing another entry prepared moves.
      variants: [
        atAgency('a day of C', C, (code) => ({
          query: 'mutation ($code: ID!) { resyncDayToPortal(day: "2020-01-01", agencyCode: $code) }',
          variables: { code },
        })),
      ],
    },
    assessFees: {
      operation: 'DOSSIER_ASSESS_FEES',
      variants: [
        dossierAction('RECEIVED at C', s.received, 'assessFees', () => ({
          fees: ['[DossierFeeInput!]!', [{ code: 'LP01', name: 'Lệ phí', amount: 10_000, kind: 'CHARGE' }]],
        })),
      ],
    },
    recordFeePayment: {
      operation: 'DOSSIER_RECORD_FEE_PAYMENT',
      variants: [dossierAction('fees assessed at C', s.feesAssessed, 'recordFeePayment', () => ({ code: ['String!', 'LP01'] }))],
    },

    // ----- Mutation: the dossier lifecycle
    submitDossier: {
      operation: 'DOSSIER_SUBMIT',
      variants: [
        ownAgency('a new dossier at the caller’s one-stop', (caller) => {
          const { procedureCode, commune, documents } = submissionFor(caller.agency ?? C);
          return mutation('submitDossier', {
            input: [
              'SubmitDossierInput!',
              {
                procedureCode,
                applicant: { kind: 'CITIZEN', fullName: 'Lý Văn Bình', phone: PHONE, address: { communeAgencyCode: commune } },
                documents,
              },
            ],
          });
        }),
      ],
    },
    acceptDossier: { operation: 'DOSSIER_ACCEPT', variants: [dossierAction('SUBMITTED at C', s.submitted, 'acceptDossier', () => ({}))] },
    requestCompletion: {
      operation: 'DOSSIER_REQUEST_COMPLETION',
      variants: [
        dossierAction('SUBMITTED at C', s.submitted, 'requestCompletion', () => ({
          items: ['[DocumentItemInput!]!', [{ code: 'BAN_SAO' }]],
          reason: reason(),
        })),
      ],
    },
    resubmitDossier: {
      operation: 'DOSSIER_RESUBMIT',
      variants: [
        dossierAction('PENDING_COMPLETION at C', s.pendingCompletion, 'resubmitDossier', () => ({
          documents: ['[HandedInDocumentInput!]!', [{ code: 'BAN_SAO' }]],
        })),
      ],
    },
    refuseDossier: {
      operation: 'DOSSIER_REFUSE',
      variants: [dossierAction('SUBMITTED at C', s.submitted, 'refuseDossier', () => ({ reason: reason() }))],
    },
    assignDossier: {
      operation: 'DOSSIER_ASSIGN',
      variants: [dossierAction('RECEIVED at C', s.received, 'assignDossier', () => ({ assignee: ['String!', 'cv-duongphong'] }))],
    },
    startAppraisal: {
      operation: 'DOSSIER_START_APPRAISAL',
      variants: [dossierAction('ASSIGNED at C', s.assigned, 'startAppraisal', () => ({}))],
    },
    submitForSignature: {
      operation: 'DOSSIER_SUBMIT_FOR_SIGNATURE',
      variants: [dossierAction('APPRAISING at C', s.appraising, 'submitForSignature', () => ({}))],
    },
    signDossier: {
      operation: 'DOSSIER_SIGN',
      variants: [
        dossierAction('AWAITING_SIGNATURE at C', s.awaitingSignature, 'signDossier', () => ({ decision: ['Decision!', 'APPROVED'] })),
      ],
    },
    issueResult: {
      operation: 'DOSSIER_ISSUE',
      variants: [dossierAction('SIGNED at C', s.signed, 'issueResult', () => ({ resultNumber: ['String', '12/QĐ-UBND'] }))],
    },
    approveAtCounter: {
      operation: 'DOSSIER_APPROVE_AT_COUNTER',
      variants: [
        dossierAction('RECEIVED at C ("4 tại chỗ")', s.received, 'approveAtCounter', () => ({ decision: ['Decision!', 'APPROVED'] })),
      ],
    },
    requestSupplement: {
      operation: 'DOSSIER_REQUEST_SUPPLEMENT',
      variants: [
        dossierAction('RECEIVED at C', s.received, 'requestSupplement', () => ({
          items: ['[DocumentItemInput!]!', [{ code: 'BAN_SAO' }]],
          reason: reason(),
        })),
      ],
    },
    receiveSupplement: {
      operation: 'DOSSIER_RECEIVE_SUPPLEMENT',
      variants: [
        dossierAction('SUPPLEMENT_REQUESTED at C', s.supplementRequested, 'receiveSupplement', () => ({
          documents: ['[HandedInDocumentInput!]!', [{ code: 'BAN_SAO' }]],
        })),
      ],
    },
    requestFinancialObligation: {
      operation: 'DOSSIER_REQUEST_FINANCIAL_OBLIGATION',
      variants: [
        dossierAction('RECEIVED at C', s.received, 'requestFinancialObligation', () => ({ amount: ['Int!', 50_000], reason: reason() })),
      ],
    },
    confirmFinancialObligation: {
      operation: 'DOSSIER_CONFIRM_FINANCIAL_OBLIGATION',
      variants: [
        dossierAction('AWAITING_FINANCIAL_OBLIGATION at C', s.awaitingFinancialObligation, 'confirmFinancialObligation', () => ({})),
      ],
    },
    apologize: {
      operation: 'DOSSIER_APOLOGIZE',
      variants: [
        dossierAction('RECEIVED at C (interconnected, due in weeks)', s.receivedInterconnected, 'apologize', (dossier) => ({
          reason: reason(),
          revisedDueAt: ['DateTime!', new Date(Date.parse(dossier.dueAt!) + 7 * 86_400_000).toISOString()],
        })),
      ],
    },
    withdrawDossier: {
      operation: 'DOSSIER_WITHDRAW',
      variants: [dossierAction('RECEIVED at C', s.received, 'withdrawDossier', () => ({ reason: ['String', 'Rút hồ sơ'] }))],
    },
    stopDossier: {
      operation: 'DOSSIER_STOP',
      variants: [dossierAction('ASSIGNED at C', s.assigned, 'stopDossier', () => ({ reason: reason() }))],
    },
    returnResult: {
      operation: 'DOSSIER_RETURN_RESULT',
      variants: [dossierAction('RESOLVED at C', s.resolved, 'returnResult', () => ({ deliveryMode: ['DeliveryMode!', 'COUNTER'] }))],
    },
    // ----- Dossier documents (issue 11): a request past authorization ends at the missing upload or document.
    requestDocumentUpload: {
      operation: 'DOSSIER_ATTACH_DOCUMENT',
      variants: [
        dossierRead('RECEIVED at C', s.received, (dossier) =>
          mutation(
            'requestDocumentUpload',
            {
              input: [
                'DocumentUploadInput!',
                { dossierId: dossier.id, componentCode: 'BAN_CHINH', contentType: 'application/pdf', size: 10, sha256: 'a'.repeat(64) },
              ],
            },
            'uploadId',
          ),
        ),
      ],
    },
    attachDocument: {
      operation: 'DOSSIER_ATTACH_DOCUMENT',
      variants: [
        dossierAction('RECEIVED at C, a file uploaded', s.receivedWithUpload, 'attachDocument', (dossier) => ({
          uploadId: ['ID!', uploads.get(dossier.id)],
        })),
      ],
    },
    attachResultDocument: {
      operation: 'DOSSIER_ATTACH_RESULT_DOCUMENT',
      variants: [
        dossierAction('SIGNED at C, a result uploaded', s.signedWithResultUpload, 'attachResultDocument', (dossier) => ({
          uploadId: ['ID!', uploads.get(dossier.id)],
          number: ['String!', '12/QĐ-UBND'],
          issuedOn: ['String!', '2026-12-03'],
          signer: ['String!', 'Nguyễn Văn A'],
        })),
      ],
    },
    markComponentExempt: {
      operation: 'DOSSIER_ATTACH_DOCUMENT',
      variants: [
        dossierAction('RECEIVED at C', s.received, 'markComponentExempt', () => ({
          componentCode: ['ID!', 'BAN_SAO'],
          exemption: ['DigitisationExemption!', 'SHOWN_ONLY'],
        })),
      ],
    },
    reuseResultDocument: {
      operation: 'DOSSIER_ATTACH_DOCUMENT',
      variants: [
        dossierAction('RECEIVED at C, an earlier e-result', s.receivedWithReusableResult, 'reuseResultDocument', (dossier) => ({
          componentCode: ['ID!', 'BAN_CHINH'],
          sourceDossierId: ['ID!', reuseSources.get(dossier.id)],
        })),
      ],
    },
    transferDossier: {
      operation: 'DOSSIER_TRANSFER',
      variants: [
        dossierAction('RECEIVED at C, next step D', s.receivedInterconnected, 'transferDossier', () => ({ toAgency: ['ID!', D] })),
      ],
    },
    acceptHandoff: {
      operation: 'DOSSIER_ACCEPT_HANDOFF',
      variants: [dossierAction('handoff delivered at D', s.handoffDelivered, 'acceptHandoff', () => ({}))],
    },
    returnHandoff: {
      operation: 'DOSSIER_RETURN_HANDOFF',
      variants: [dossierAction('handoff delivered at D', s.handoffDelivered, 'returnHandoff', () => ({ reason: reason() }))],
    },
    requestOpinions: {
      operation: 'DOSSIER_REQUEST_OPINIONS',
      variants: [
        dossierAction('APPRAISING at C', s.appraising, 'requestOpinions', () => ({
          question: ['String!', 'Ý kiến về hồ sơ?'],
          agencies: ['[OpinionRequestInput!]!', [{ agencyCode: OD, budget: { value: 5, unit: 'WORKING_DAYS' } }]],
        })),
      ],
    },
    giveOpinion: {
      operation: 'DOSSIER_GIVE_OPINION',
      variants: [
        dossierAction(
          'CONSULTING, OD asked',
          s.consulting,
          'giveOpinion',
          () => ({ opinion: ['String!', 'Đồng ý'], agrees: ['Boolean!', true] }),
          () => OD,
        ),
      ],
    },
    closeConsultation: {
      operation: 'DOSSIER_CLOSE_CONSULTATION',
      variants: [dossierAction('CONSULTING at C, budgets run out', s.consultationRunOut, 'closeConsultation', () => ({}))],
    },
    ...voiceEntries(),
  };
}

// ----- Issue 12, the citizens' voice: ratings, the quarterly evaluation, feedback (PAKN).

let feedbackSources = 0;
/** A feedback item held at C, moved by C's handling officer to the step the operation needs. */
async function feedbackAt(steps: ('CLASSIFY_WITHIN' | 'CLASSIFY_OUTSIDE' | 'ANSWER')[] = []): Promise<Subject> {
  const handling = officer(C, 'HANDLING_OFFICER');
  let item = await services.feedback.send({ content: 'Ý kiến kiểm thử ma trận', agencyCode: C }, `matrix-${++feedbackSources}`);
  for (const step of steps) {
    const command =
      step === 'ANSWER'
        ? ({ step: 'ANSWER', answer: 'Trả lời' } as const)
        : ({ step: 'CLASSIFY', classification: step === 'CLASSIFY_WITHIN' ? 'WITHIN_AUTHORITY' : 'OUTSIDE_AUTHORITY' } as const);
    item = await services.feedback.handle(handling, item.id, command);
  }
  return { agency: C, feedbackId: item.id, feedbackCode: item.code };
}

/** A feedback step at an item held by C: the first allowed caller moves it on, the later ones are refused by its state. */
function feedbackStep(
  label: string,
  prepare: () => Promise<Subject>,
  field: string,
  args: Record<string, [string, unknown]> = {},
): Variant {
  return {
    label,
    prepare,
    home: () => C,
    target: () => ({ agency: C }),
    request: (subject) => mutation(field, { id: ['ID!', subject.feedbackId], ...args }, 'id status'),
  };
}

async function returnedAtCommune(): Promise<Dossier> {
  const rec = officer(C, 'RECEPTION_OFFICER');
  const dossier = await subjects.resolved();
  return (await services.dossiers.act(rec, dossier.id, dossier.version, { action: 'RETURN_RESULT', deliveryMode: 'COUNTER' })).dossier;
}

function voiceEntries(): Record<string, Entry> {
  const period = { from: '2026-01-01', to: '2026-12-31' };
  const rating = ['RatingInput!', { level: 'SATISFIED' }] as [string, unknown];
  return {
    satisfaction: {
      operation: 'SATISFACTION_READ',
      variants: [
        atAgency('ratings of C', C, (code) => ({
          query: 'query ($s: SatisfactionScope!, $p: SatisfactionPeriod!) { satisfaction(scope: $s, period: $p) { figures { total } } }',
          variables: { s: { agencyCode: code }, p: period },
        })),
        {
          ...publicRead('the whole province', {
            query: 'query ($p: SatisfactionPeriod!) { satisfaction(period: $p) { figures { total } } }',
            variables: { p: period },
          }),
          target: () => ({ agency: PROVINCE_SCOPE }),
        },
      ],
    },
    rateAtCounter: {
      operation: 'SATISFACTION_RECORD',
      variants: [
        dossierRead('RETURNED at C', returnedAtCommune, (dossier) =>
          mutation('rateAtCounter', { dossierId: ['ID!', dossier.id], rating }, 'dossierCode'),
        ),
      ],
    },
    rateService: {
      operation: 'SATISFACTION_RATE',
      variants: [
        {
          ...dossierRead('RETURNED at C, code + receipt secret', returnedAtCommune, (dossier) =>
            mutation(
              'rateService',
              { code: ['String!', dossier.code], secret: ['String!', lookupSecret(dossier.code!, hashKey('LOOKUP_SECRET_KEY'))], rating },
              'dossierCode',
            ),
          ),
          target: () => ({}),
        },
      ],
    },
    agencyEvaluation: {
      operation: 'EVALUATION_READ',
      variants: [
        atAgency('C, 2026-Q4', C, (code) => ({
          query: 'query ($a: ID!) { agencyEvaluation(agencyCode: $a, quarter: "2026-Q4") { total complete } }',
          variables: { a: code },
        })),
      ],
    },
    fillAgencyEvaluation: {
      operation: 'EVALUATION_FILL',
      variants: [
        atAgency('C, 2026-Q4', C, (code) =>
          mutation(
            'fillAgencyEvaluation',
            {
              agencyCode: ['ID!', code],
              quarter: ['String!', '2026-Q4'],
              scores: ['[EvaluationScoreInput!]!', [{ criterion: 'PUBLICITY', points: 2 }]],
            },
            'total',
          ),
        ),
      ],
    },
    evaluationRules: {
      operation: 'EVALUATION_READ',
      variants: [ownAgency('every version', () => ({ query: '{ evaluationRules { version from } }' }))],
    },
    publishEvaluationRules: {
      operation: 'EVALUATION_RULES_PUBLISH',
      // The first allowed caller publishes; the others pass the table and are refused (a version from 2099-Q1 exists).
      variants: [
        publicRead(
          'a version from 2099-Q1',
          mutation(
            'publishEvaluationRules',
            {
              input: [
                'EvaluationRulesInput!',
                {
                  from: '2099-Q1',
                  source: 'Ma trận phân quyền',
                  criteria: [{ code: 'ONLY', name: 'Một tiêu chí', maxPoints: 2 }],
                  grades: [{ grade: 'WEAK', label: 'Yếu', atLeast: 0 }],
                },
              ],
            },
            'version',
          ),
        ),
      ],
    },
    sendFeedback: {
      operation: 'FEEDBACK_SEND',
      variants: [
        publicRead(
          'feedback to C',
          mutation('sendFeedback', { input: ['SendFeedbackInput!', { content: 'Ý kiến kiểm thử', agencyCode: C }] }, 'code status'),
        ),
      ],
    },
    feedbackStatus: {
      operation: 'PUBLIC_LOOKUP',
      variants: [
        {
          ...publicRead('an item at C, by its code', { query: '' }),
          prepare: () => feedbackAt(),
          request: (subject) => ({
            query: 'query ($c: String!) { feedbackStatus(code: $c) { status } }',
            variables: { c: subject.feedbackCode },
          }),
        },
      ],
    },
    publishedFeedback: {
      operation: 'PUBLIC_LOOKUP',
      variants: [
        publicRead('answers C published', {
          query: 'query ($a: ID!) { publishedFeedback(agencyCode: $a) { code answer } }',
          variables: { a: C },
        }),
      ],
    },
    feedbackInbox: {
      operation: 'FEEDBACK_INBOX_READ',
      variants: [
        ownAgency('own PAKN inbox', () => ({ query: '{ feedbackInbox { id } }' })),
        atAgency('C’s PAKN inbox', C, (code) => ({
          query: 'query ($a: ID) { feedbackInbox(agencyCode: $a) { id } }',
          variables: { a: code },
        })),
      ],
    },
    feedbackItem: {
      operation: 'FEEDBACK_INBOX_READ',
      nullHides: true,
      variants: [
        {
          ...feedbackStep('an item held at C', () => feedbackAt(), 'feedbackItem'),
          request: (subject) => ({
            query: 'query ($id: ID!) { feedbackItem(id: $id) { id status } }',
            variables: { id: subject.feedbackId },
          }),
        },
      ],
    },
    feedbackOverview: {
      operation: 'FEEDBACK_OVERVIEW_READ',
      variants: [
        atAgency('PAKN at C', C, (code) => ({
          query: 'query ($a: ID!) { feedbackOverview(agencyCode: $a) { backlog overdueCount } }',
          variables: { a: code },
        })),
      ],
    },
    classifyFeedback: {
      operation: 'FEEDBACK_HANDLE',
      variants: [
        feedbackStep('RECEIVED at C', () => feedbackAt(), 'classifyFeedback', {
          classification: ['FeedbackClassification!', 'WITHIN_AUTHORITY'],
        }),
      ],
    },
    forwardFeedback: {
      operation: 'FEEDBACK_HANDLE',
      // Forwarded out of the province, so the item stays C's (the table's target) for every caller.
      variants: [
        feedbackStep('AWAITING_FORWARD at C', () => feedbackAt(['CLASSIFY_OUTSIDE']), 'forwardFeedback', {
          externalBody: ['String', 'Bộ Tư pháp'],
        }),
      ],
    },
    answerFeedback: {
      operation: 'FEEDBACK_HANDLE',
      variants: [
        feedbackStep('IN_HANDLING at C', () => feedbackAt(['CLASSIFY_WITHIN']), 'answerFeedback', { answer: ['String!', 'Trả lời'] }),
      ],
    },
    publishFeedback: {
      operation: 'FEEDBACK_HANDLE',
      variants: [feedbackStep('ANSWERED at C', () => feedbackAt(['CLASSIFY_WITHIN', 'ANSWER']), 'publishFeedback')],
    },
  };
}

const TEST_PROCEDURE = {
  code: '9.999901',
  name: 'Thủ tục kiểm thử ma trận phân quyền',
  field: { code: 'KIEM_THU', name: 'Kiểm thử' },
  level: 'COMMUNE',
  documents: [{ code: 'DON', name: 'Đơn', copyType: 'ORIGINAL' }],
  duration: { value: 1, unit: 'WORKING_DAYS' },
  route: [{ level: 'COMMUNE', task: 'Tiếp nhận và trả kết quả', budget: { value: 1, unit: 'WORKING_DAYS' } }],
  example: true,
};
const agencyIdentifiers = new Map<string, string>();

// ---------------------------------------------------------------------------------------------
// Row checks: what a list shows, row by row.

interface RowNode {
  id: string;
  applicant: { idNumber: string | null; phone: string | null };
}

/** Each row a dossier the caller may read, its personal data unmasked only where the table says. */
function dossierRows(what: string, nodes: (data: unknown) => RowNode[], complete = false): Variant['rows'] {
  return async (data, caller) => {
    const checks: RowCheck[] = [];
    const rows = nodes(data);
    for (const node of rows) {
      const dossier = (await services.dossiers.get(node.id))!;
      const mayRead = permits('DOSSIER_READ', caller.principal, { dossier });
      checks.push({ what: `${what} row (DOSSIER_READ)`, expected: mayRead, observed: true, detail: node.id });
      const personal = permits('PERSONAL_DATA_READ', caller.principal, { dossier });
      const raw =
        (dossier.applicant.idNumber !== undefined && node.applicant.idNumber === dossier.applicant.idNumber) ||
        (dossier.applicant.phone !== undefined && node.applicant.phone === dossier.applicant.phone);
      checks.push({ what: `${what} row applicant (PERSONAL_DATA_READ)`, expected: personal, observed: raw, detail: node.id });
    }
    if (complete) {
      // Every read subject the caller may read is found (the list filters, it must not over-filter).
      const returned = new Set(rows.map((node) => node.id));
      for (const subject of await Promise.all([readAtCommune(), readHeldAtDistrict(), readConsulting()])) {
        const dossier = (await services.dossiers.get(subject.id))!;
        if (permits('DOSSIER_READ', caller.principal, { dossier })) {
          checks.push({
            what: `${what} finds every readable dossier`,
            expected: true,
            observed: returned.has(dossier.id),
            detail: dossier.id,
          });
        }
      }
    }
    return checks;
  };
}

async function trackingBookRows(data: unknown, caller: CallerSpec): Promise<RowCheck[]> {
  const rows = (data as { rows: { dossierCode: string; applicantPhone: string | null }[] }).rows;
  const checks: RowCheck[] = [];
  for (const row of rows) {
    const dossier = (await services.dossiers.findByCode(row.dossierCode))!;
    checks.push({
      what: 'trackingBook row (DOSSIER_READ)',
      expected: permits('DOSSIER_READ', caller.principal, { dossier }),
      observed: true,
      detail: row.dossierCode,
    });
    if (dossier.applicant.phone !== undefined) {
      // The register masks contact data for everyone (issue 13): a page of up to 200 applicants
      // is not a read of each; the dossier shows it, audited.
      checks.push({
        what: 'TrackingBookRow.applicantPhone (masked for all)',
        expected: false,
        observed: row.applicantPhone === dossier.applicant.phone,
        detail: row.dossierCode,
      });
    }
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------
// Field rules: parts of a readable dossier that need more than DOSSIER_READ.

interface FieldRule {
  name: string;
  operation: Operation;
  query: string;
  /** null: the caller got no value at all (denied or hidden); true: got it in full. */
  observe: (response: GraphQLResponse, dossier: Dossier) => boolean | null;
}

const rawIn = (values: (string | null | undefined)[], dossier: Dossier) => {
  const secrets = [dossier.applicant.idNumber, dossier.applicant.phone, dossier.applicant.email].filter(
    (value): value is string => value !== undefined,
  );
  return values.some((value) => value !== null && value !== undefined && secrets.includes(value));
};

const FIELD_RULES: FieldRule[] = [
  {
    name: 'Applicant.idNumber/phone/email',
    operation: 'PERSONAL_DATA_READ',
    query: 'query ($id: ID!) { dossier(id: $id) { applicant { idNumber phone email } } }',
    observe: (response, dossier) => {
      const applicant = (response.data?.dossier as { applicant: Record<string, string | null> } | null)?.applicant;
      if (!applicant) return null;
      const raw = [applicant.idNumber, applicant.phone, applicant.email].map((value) => rawIn([value], dossier));
      // All three follow one rule: shown in full together or masked together.
      if (new Set(raw).size > 1) return true;
      return raw[0]!;
    },
  },
  {
    name: 'forms: Receipt.applicantPhone/Email, CompletionRequest.applicantPhone',
    operation: 'PERSONAL_DATA_READ',
    query:
      'query ($id: ID!) { dossier(id: $id) { forms { receipt { applicantPhone applicantEmail } completionRequest { applicantPhone } } } }',
    observe: (response, dossier) => {
      const forms = (response.data?.dossier as { forms: Record<string, Record<string, string | null> | null> } | null)?.forms;
      if (!forms) return null;
      return rawIn([forms.receipt?.applicantPhone, forms.receipt?.applicantEmail, forms.completionRequest?.applicantPhone], dossier);
    },
  },
  {
    name: 'Dossier.readLog',
    operation: 'AUDIT_READ',
    query: 'query ($id: ID!) { dossier(id: $id) { id readLog(last: 5) { officerId } } }',
    observe: (response) => {
      const codes = (response.errors ?? []).map((error) => error.extensions?.code);
      if (codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED')) return null;
      const log = (response.data?.dossier as { readLog: unknown[] } | null)?.readLog;
      return Array.isArray(log) ? true : null;
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Running and classifying.

/**
 * Denials. Every subject exists, so DOSSIER_NOT_FOUND can only be a denial that hides the dossier
 * (as `dossier(id)` does with null): counted as one, should the API answer that way.
 */
const DENIALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'DOSSIER_NOT_FOUND', 'FEEDBACK_NOT_FOUND']);
/** Answers that mean the matrix built a bad request, not that the API decided anything. */
const HARNESS_FAILURES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
]);

interface CaseResult {
  field: string;
  variant: string;
  operation: Operation;
  caller: CallerSpec;
  relation: string;
  expected: boolean;
  observed: boolean;
  outcome: string;
  effect: boolean;
  request: Request;
  message?: string;
  extensions?: Record<string, unknown>;
}

function classify(
  response: GraphQLResponse,
  field: string,
  nullHides: boolean,
): { observed: boolean; outcome: string; message?: string; extensions?: Record<string, unknown> } {
  const errors = response.errors ?? [];
  const codes = errors.map((error) => String(error.extensions?.code ?? 'NO_CODE'));
  const denial = codes.find((code) => DENIALS.has(code));
  if (denial) return { observed: false, outcome: denial };
  const value = response.data?.[field];
  if (errors.length === 0 && value === null && nullHides) return { observed: false, outcome: 'NULL' };
  if (errors.length > 0)
    return {
      observed: true,
      outcome: codes[0]!,
      message: errors[0]!.message,
      ...(errors[0]!.extensions ? { extensions: errors[0]!.extensions } : {}),
    };
  return { observed: true, outcome: 'OK' };
}

async function pool<T>(jobs: (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await jobs[index]!();
      }
    }),
  );
  return results;
}

async function runVariant(
  root: 'Query' | 'Mutation',
  field: string,
  entry: Entry,
  variant: Variant,
  rowChecks: (RowCheck & { caller: CallerSpec })[],
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let subject = await variant.prepare();
  for (const caller of CALLERS) {
    // A stateful subject is as the last read left it (after the previous attempt, or fresh).
    const before = subject.dossier;
    const home = variant.home(subject, caller);
    const target = variant.target(subject, caller);
    const expected = permits(variant.operation ?? entry.operation, caller.principal, target);
    const request = variant.request(subject, caller);
    const response = await gql(request.query, request.variables ?? {}, caller.claims);
    const { observed, outcome, message, extensions } = classify(response, field, entry.nullHides ?? false);
    // A write that went through: the subject's version moved, or a mutation answered with data.
    let effect = root === 'Mutation' && outcome === 'OK';
    if (variant.stateful) {
      const after = (await services.dossiers.get(subject.dossier!.id))!;
      effect = after.version !== before!.version;
      // The subject moved on (or someone leaked through): the next caller gets a fresh one.
      subject = effect || outcome === 'OK' ? await variant.prepare() : { ...subject, dossier: after };
    }
    if (variant.rows && outcome === 'OK') {
      for (const check of await variant.rows(response.data?.[field], caller)) rowChecks.push({ ...check, caller });
    }
    results.push({
      field,
      variant: variant.label,
      operation: variant.operation ?? entry.operation,
      caller,
      relation: relation(caller.agency, home),
      expected,
      observed,
      outcome,
      effect,
      request,
      ...(message ? { message } : {}),
      ...(extensions ? { extensions } : {}),
    });
  }
  return results;
}

interface FieldCase {
  rule: FieldRule;
  subject: string;
  caller: CallerSpec;
  expected: boolean;
  observed: boolean;
  outcome: string;
  dossierId: string;
}

async function runFieldRules(): Promise<FieldCase[]> {
  const jobs: (() => Promise<FieldCase[]>)[] = [];
  for (const { label, prepare } of readSubjects()) {
    for (const rule of FIELD_RULES) {
      jobs.push(async () => {
        const dossier = await prepare();
        const cases: FieldCase[] = [];
        for (const caller of CALLERS) {
          const current = (await services.dossiers.get(dossier.id))!;
          const expected =
            permits('DOSSIER_READ', caller.principal, { dossier: current }) &&
            permits(rule.operation, caller.principal, { dossier: current });
          const response = await gql(rule.query, { id: dossier.id }, caller.claims);
          const codes = (response.errors ?? []).map((error) => String(error.extensions?.code));
          const seen = rule.observe(response, current);
          cases.push({
            rule,
            subject: label,
            caller,
            expected,
            observed: seen === true,
            outcome: codes[0] ?? (seen === null ? 'NULL' : seen ? 'FULL' : 'MASKED'),
            dossierId: dossier.id,
          });
        }
        return cases;
      });
    }
  }
  return (await pool(jobs, 6)).flat();
}

// ---------------------------------------------------------------------------------------------
// Printing.

const symbol = (expected: boolean, observed: boolean) => (expected === observed ? (expected ? '+' : '.') : expected ? 'X' : 'L');

function grid(cases: { caller: CallerSpec; expected: boolean; observed: boolean }[]): string {
  const cell = (caller: CallerSpec) => {
    const found = cases.find((item) => item.caller.key === caller.key);
    return found ? symbol(found.expected, found.observed) : ' ';
  };
  const byRole = ROLES.map(
    (role) =>
      `${ROLE_SHORT[role].padEnd(4)} ${CALLERS.filter((caller) => caller.role === role)
        .map(cell)
        .join('')}`,
  );
  return `${byRole.join('  ')}  anon ${cell(CALLERS.at(-1)!)}`;
}

function relationHeader(results: CaseResult[]): string {
  const labels = AGENCIES.map((agency) => results.find((result) => result.caller.agency === agency)?.relation ?? '?');
  return labels.map((label) => label.slice(0, 3)).join(' ');
}

const count = (n: number) => n.toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------

let map: Record<string, Entry>;
const schemaFields: { root: 'Query' | 'Mutation'; name: string }[] = [];

beforeAll(async () => {
  fixture = await setUpProvince();
  await fixture.createQueues([D]);
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
  await fixture.createFilesBucket();
  services = servicesForTable(fixture.tableName, { db: sharedDocumentClient(), files: dossierFilesFromEnvironment()! });
  const fortyDaysAgo = Date.now() - 40 * 86_400_000;
  past = servicesForTable(fixture.tableName, { db: sharedDocumentClient(), now: () => new Date(fortyDaysAgo) });
  subjects = subjectBuilders();
  const [agencyD] = await services.agencies.getMany([D]);
  agencyIdentifiers.set(D, agencyD!.identifier);
  // A failing handoff on record for D and C, so the failure lists have something to show.
  const { failures } = createStore(sharedDocumentClient(), fixture.tableName);
  for (const agencyCode of [D, C]) {
    await failures.recordFailure({
      agencyCode,
      key: 'HANDOFF#matrix-h1',
      handoffId: 'matrix-h1',
      dossierId: 'matrix-d1',
      kind: 'HANDOFF',
      reason: 'CONFLICT',
      errorName: 'DomainError',
      message: 'matrix',
      messageId: 'matrix-m1',
      receiveCount: 1,
      deadLettered: false,
      at: new Date(),
    });
  }
  await Promise.all([readAtCommune(), readHeldAtDistrict(), readConsulting()]);
  map = buildMap();
  const schema = buildSchema(typeDefs);
  for (const root of ['Query', 'Mutation'] as const) {
    const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
    for (const name of Object.keys(type?.getFields() ?? {})) schemaFields.push({ root, name });
  }
});

describe('the authorization matrix', () => {
  it('serves on the public route exactly the fields the table makes PUBLIC, and the public schema has no other root field', () => {
    const publicByTable = Object.entries(map)
      .filter(([, entry]) => PERMISSIONS[entry.operation] === 'PUBLIC')
      .map(([name]) => name)
      .sort();
    expect(
      [...PUBLIC_SURFACE.Query, ...PUBLIC_SURFACE.Mutation].sort(),
      'PUBLIC_SURFACE (functions/graphql/public/surface.ts) and the table disagree',
    ).toEqual(publicByTable);
    const served = buildSchema(publicTypeDefs(typeDefs));
    const roots = [served.getQueryType(), served.getMutationType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
    expect(roots.sort()).toEqual(publicByTable);
  });

  it('has an entry for every Query and Mutation field of the schema, and every operation of the table is exercised', () => {
    const missing = schemaFields.filter(({ name }) => !map[name]).map(({ root, name }) => `${root}.${name}`);
    const stale = Object.keys(map).filter((name) => !schemaFields.some((field) => field.name === name));
    expect(missing, 'schema fields without a matrix entry: add them to buildMap()').toEqual([]);
    expect(stale, 'matrix entries for fields the schema no longer has').toEqual([]);
    const exercised = new Set<Operation>([
      ...Object.values(map).flatMap((entry) => [entry.operation, ...entry.variants.flatMap((variant) => variant.operation ?? [])]),
      ...FIELD_RULES.map((rule) => rule.operation),
    ]);
    expect(Object.keys(PERMISSIONS).filter((operation) => !exercised.has(operation as Operation))).toEqual([]);
  });

  it('answers every operation × role × agency as the table says: 0 leaks, 0 over-blocks', async () => {
    const started = Date.now();
    const rowChecks: (RowCheck & { caller: CallerSpec })[] = [];
    const jobs = schemaFields
      .filter(({ name }) => map[name])
      .flatMap(({ root, name }) => map[name]!.variants.map((variant) => () => runVariant(root, name, map[name]!, variant, rowChecks)));
    const [operationResults, fieldCases] = await Promise.all([pool(jobs, 10).then((all) => all.flat()), runFieldRules()]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const leaks = operationResults.filter((result) => !result.expected && result.observed);
    const overBlocks = operationResults.filter((result) => result.expected && !result.observed);
    const fieldLeaks = fieldCases.filter((item) => !item.expected && item.observed);
    const fieldOverBlocks = fieldCases.filter((item) => item.expected && !item.observed);
    const rowLeaks = rowChecks.filter((check) => !check.expected && check.observed);
    const rowOverBlocks = rowChecks.filter((check) => check.expected && !check.observed);
    const harness = operationResults.filter((result) => HARNESS_FAILURES.has(result.outcome));
    const mutationsWithoutEffect = [
      ...new Set(
        operationResults
          .filter((result) => schemaFields.some((field) => field.root === 'Mutation' && field.name === result.field))
          .map((result) => result.field),
      ),
    ].filter((field) => !operationResults.some((result) => result.field === field && result.outcome === 'OK'));

    const totalCases = operationResults.length + fieldCases.length + rowChecks.length;
    const lines: string[] = [];
    lines.push(
      `authorization matrix: ${count(totalCases)} cases (${count(operationResults.length)} operation cases: ${schemaFields.length} schema fields, ${jobs.length} subjects × ${CALLERS.length} callers; ` +
        `${count(fieldCases.length)} field-rule cases; ${count(rowChecks.length)} row checks), ` +
        `${count(leaks.length + fieldLeaks.length + rowLeaks.length)} leaks, ${count(overBlocks.length + fieldOverBlocks.length + rowOverBlocks.length)} over-blocks, ${seconds} s`,
    );
    const changedState = leaks.filter((result) => result.effect).length;
    const dataReturned = leaks.filter((result) => result.outcome === 'OK').length;
    lines.push(
      `  operations: ${count(leaks.length)} leaks (${changedState} changed a dossier, ${dataReturned} returned data, ${leaks.length - dataReturned} refused only after authorization), ${count(overBlocks.length)} over-blocks; field rules: ${count(fieldLeaks.length)} leaks, ${count(fieldOverBlocks.length)} over-blocks; rows: ${count(rowLeaks.length)} leaks, ${count(rowOverBlocks.length)} over-blocks`,
    );
    lines.push(
      `  callers: ${ROLES.length} roles × ${AGENCIES.length} agencies + anonymous; columns per role: ${AGENCIES.map((agency) => `${SHORT[agency]}=${agency}`).join(' ')}`,
    );
    lines.push(
      '  + allowed as the table says   . denied as the table says   L leak (table denies, API let it through)   X over-block (table allows, API denied)',
    );
    lines.push(
      `  ${'field'.padEnd(27)} ${'operation'.padEnd(36)} ${'subject'.padEnd(42)} ${'relation of C S D OD OC P'.padEnd(26)} ${ROLES.map((role) => `${ROLE_SHORT[role].padEnd(4)} ${''.padEnd(6)}`).join('  ')}         L  X  answers past authorization`,
    );
    const groups = new Map<string, CaseResult[]>();
    for (const result of operationResults) {
      const key = `${result.field}\u0000${result.variant}`;
      groups.set(key, [...(groups.get(key) ?? []), result]);
    }
    for (const results of groups.values()) {
      const first = results[0]!;
      const l = results.filter((result) => !result.expected && result.observed).length;
      const x = results.filter((result) => result.expected && !result.observed).length;
      const past = new Map<string, number>();
      for (const result of results.filter((item) => item.observed)) past.set(result.outcome, (past.get(result.outcome) ?? 0) + 1);
      const answers = [...past].map(([outcome, n]) => `${outcome}×${n}`).join(' ');
      lines.push(
        `  ${first.field.padEnd(27)} ${first.operation.padEnd(36)} ${first.variant.slice(0, 42).padEnd(42)} ${relationHeader(results).padEnd(26)} ${grid(results)}  ${String(l).padStart(3)} ${String(x).padStart(2)}  ${answers}`,
      );
    }
    lines.push('  field rules (on the three read subjects):');
    const fieldGroups = new Map<string, FieldCase[]>();
    for (const item of fieldCases) {
      const key = `${item.rule.name}\u0000${item.subject}`;
      fieldGroups.set(key, [...(fieldGroups.get(key) ?? []), item]);
    }
    for (const items of fieldGroups.values()) {
      const first = items[0]!;
      const l = items.filter((item) => !item.expected && item.observed).length;
      const x = items.filter((item) => item.expected && !item.observed).length;
      lines.push(
        `  ${first.rule.name.slice(0, 64).padEnd(64)} ${first.rule.operation.padEnd(20)} ${first.subject.slice(0, 36).padEnd(36)} ${grid(items)}  ${String(l).padStart(3)} ${String(x).padStart(2)}`,
      );
    }
    const rowGroups = new Map<string, { checks: number; leaks: string[]; overBlocks: string[] }>();
    for (const check of rowChecks) {
      const group = rowGroups.get(check.what) ?? { checks: 0, leaks: [], overBlocks: [] };
      group.checks += 1;
      if (!check.expected && check.observed) group.leaks.push(`${check.caller.key}:${check.detail}`);
      if (check.expected && !check.observed) group.overBlocks.push(`${check.caller.key}:${check.detail}`);
      rowGroups.set(check.what, group);
    }
    lines.push('  row checks:');
    for (const [what, group] of rowGroups) {
      const callers = (list: string[]) => [...new Set(list.map((item) => item.split(':')[0]))].join(' ');
      lines.push(
        `  ${what.padEnd(64)} ${String(group.checks).padStart(5)} rows, ${group.leaks.length} leaks${group.leaks.length ? ` (${callers(group.leaks)})` : ''}, ${group.overBlocks.length} over-blocks${group.overBlocks.length ? ` (${callers(group.overBlocks)})` : ''}`,
      );
    }
    if (leaks.length + overBlocks.length > 0) {
      lines.push('  mismatches by field and answer:');
      const byAnswer = new Map<string, string[]>();
      for (const result of [...leaks, ...overBlocks]) {
        const key = `${result.expected ? 'over-block' : 'leak'} ${result.field} → ${result.outcome}`;
        byAnswer.set(key, [...(byAnswer.get(key) ?? []), `${result.caller.key}(${result.relation})`]);
      }
      for (const [key, callers] of byAnswer)
        lines.push(`    ${key}${key.includes('→ OK') ? ' [STATE CHANGED/DATA RETURNED]' : ''}: ${callers.join(' ')}`);
      // One repro per kind of answer: what the caller sent and what came back.
      const samples = new Map<string, CaseResult>();
      for (const result of [...leaks, ...overBlocks]) {
        const key = `${result.expected ? 'over-block' : 'leak'} → ${result.outcome}`;
        if (!samples.has(key)) samples.set(key, result);
      }
      for (const [key, sample] of samples) {
        lines.push(
          `  repro (${key}): ${sample.field} as ${sample.caller.key} (${sample.relation}), subject "${sample.variant}"; claims ${JSON.stringify(sample.caller.claims ?? null)}`,
        );
        lines.push(`    ${sample.request.query}  variables ${JSON.stringify(sample.request.variables ?? {})}`);
        lines.push(
          `    → ${sample.outcome}${sample.message ? `: ${sample.message}` : ''}${sample.extensions ? ` ${JSON.stringify(sample.extensions)}` : ''}`,
        );
      }
    }
    if (fieldLeaks.length + fieldOverBlocks.length > 0) {
      lines.push('  field-rule mismatches:');
      const byRule = new Map<string, string[]>();
      for (const item of [...fieldLeaks, ...fieldOverBlocks]) {
        const key = `${item.expected ? 'over-block' : 'leak'} ${item.rule.name} [${item.subject}]`;
        byRule.set(key, [...(byRule.get(key) ?? []), item.caller.key]);
      }
      for (const [key, callers] of byRule) lines.push(`    ${key}: ${callers.join(' ')}`);
      const sample = fieldLeaks[0] ?? fieldOverBlocks[0]!;
      lines.push(
        `  repro: claims ${JSON.stringify(sample.caller.claims ?? null)}  ${sample.rule.query}  variables {"id":"${sample.dossierId}"} → ${sample.outcome}`,
      );
    }
    console.log(lines.join('\n'));

    expect(
      harness.map((result) => `${result.field} ${result.caller.key}: ${result.outcome} ${result.message ?? ''}`),
      'requests the matrix built wrongly',
    ).toEqual([]);
    expect(mutationsWithoutEffect, 'mutations no caller could perform: their subject is not in the right state').toEqual([]);
    expect
      .soft(
        leaks.map((result) => `${result.field} ${result.caller.key} (${result.relation}) → ${result.outcome}`),
        'leaks',
      )
      .toEqual([]);
    expect
      .soft(
        overBlocks.map((result) => `${result.field} ${result.caller.key} (${result.relation}) → ${result.outcome}`),
        'over-blocks',
      )
      .toEqual([]);
    expect
      .soft(
        fieldLeaks.map((item) => `${item.rule.name} ${item.caller.key} → ${item.outcome}`),
        'field-rule leaks',
      )
      .toEqual([]);
    expect
      .soft(
        fieldOverBlocks.map((item) => `${item.rule.name} ${item.caller.key} → ${item.outcome}`),
        'field-rule over-blocks',
      )
      .toEqual([]);
    expect
      .soft(
        rowLeaks.map((check) => `${check.what} ${check.caller.key} ${check.detail}`),
        'row leaks',
      )
      .toEqual([]);
    expect
      .soft(
        rowOverBlocks.map((check) => `${check.what} ${check.caller.key} ${check.detail}`),
        'row over-blocks',
      )
      .toEqual([]);
  }, 180_000);
});
