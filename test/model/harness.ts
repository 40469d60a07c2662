/**
 * Runs random action sequences against a system under test (the pure domain, or the services on
 * DynamoDB Local) and checks every step against the independent model in model.ts.
 *
 * A sequence is data (fast-check generates and shrinks it); each step is resolved at run time
 * against the MODEL's state: a "guided" step picks an action and caller the model says will
 * succeed (so sequences get deep: along the whole route and back, to RETURNED), a "random" step
 * takes any action by any caller with possibly flawed input (so refusals of every kind happen), a
 * "deliver" step has a queue deliver a message (the pending handoff, again, or an old one; an
 * opinion request).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { getDefaultCalendar } from '#domain/calendar';
import type { Procedure } from '#domain/catalog';
import { type AgencyRef, DOSSIER_STATUSES, type Dossier, type DossierEvent } from '#domain/dossier';
import type { Caller, Command } from '#domain/lifecycle';
import { fold } from '#domain/lifecycle';
import { provinceAgencies } from '#seed/seed';
import { STARTER_CATALOG } from '#seed/starter-catalog';
import {
  ACTION_NAMES,
  type ActionName,
  authorized,
  type Budget,
  consulted,
  DECISIONS,
  decide,
  deliverInModel,
  EVENT_TYPE,
  expectedDueAt,
  KNOWN_BUGS,
  type Level,
  MAX_BUDGET,
  MAX_CONSULTED,
  type ModelCaller,
  type ModelCommand,
  type ModelDossier,
  type ModelHandoff,
  NATIONAL_STATUS_CODE,
  newModelDossier,
  nextAgency,
  type ProcedureFacts,
  type RoleName,
  serviceGate,
  TERMINAL,
  unmet,
} from './model';

// ---------------------------------------------------------------------------------------------
// The cast: agencies of Bắc Kạn (seeded edition 2025-03) and officers with every role mix

export const COMMUNE = '06.063.02014'; // Xã Dương Phong: the applicants live here
export const OTHER_COMMUNE = '06.063.02017'; // Xã Quang Thuận, same district
export const DISTRICT = '06.063'; // Huyện Bạch Thông
export const OTHER_DISTRICT = '06.058'; // Thành phố Bắc Kạn
export const PROVINCE = '06';

const AGENCIES = new Map(provinceAgencies('06').map((agency) => [agency.code, agency]));
export const agencyRef = (code: string): AgencyRef => {
  const agency = AGENCIES.get(code);
  if (!agency) throw new Error(`no agency ${code}`);
  return { code: agency.code, identifier: agency.identifier, level: agency.level };
};
export const SUBJECT_CHAIN = [COMMUNE, DISTRICT, PROVINCE].map(agencyRef);
const SUBJECT: Record<Level, string> = { COMMUNE, DISTRICT, PROVINCE };

const ROLE_SETS: readonly (readonly RoleName[])[] = [
  ['RECEPTION_OFFICER'],
  ['HANDLING_OFFICER'],
  ['APPROVER'],
  ['AGENCY_HEAD'],
  ['AUDITOR'],
  ['PROVINCE_ADMIN'],
  ['AGENCY_SYSTEM'],
  ['AGENCY_HEAD', 'APPROVER'],
  ['RECEPTION_OFFICER', 'HANDLING_OFFICER', 'APPROVER', 'AGENCY_HEAD', 'PROVINCE_ADMIN', 'AUDITOR', 'AGENCY_SYSTEM'],
];
const CALLER_AGENCIES = [COMMUNE, OTHER_COMMUNE, DISTRICT, OTHER_DISTRICT, PROVINCE];
/** Eleven real agencies other than the callers': asking them all is one too many. */
const MANY_AGENCIES = [...AGENCIES.keys()].filter((code) => !CALLER_AGENCIES.includes(code)).slice(0, MAX_CONSULTED + 1);

export interface Officer extends ModelCaller {
  caller: Caller;
}

function officer(agency: string, roles: readonly RoleName[]): Officer {
  const officerId = `${agency}/${roles.map((role) => role.slice(0, 4)).join('+')}`;
  return { agency, roles, caller: { officerId, name: officerId, agencyCode: agency, roles } };
}

export const OFFICERS: readonly Officer[] = CALLER_AGENCIES.flatMap((agency) => ROLE_SETS.map((roles) => officer(agency, roles)));
const allRoles = (agency: string) => officer(agency, ROLE_SETS.at(-1)!);

// ---------------------------------------------------------------------------------------------
// Procedures (starter catalog): facts for the model, terms for the system

export const PROCEDURE_CODES = ['1.001776', '2.000815', '1.009994'] as const;
export type ProcedureCode = (typeof PROCEDURE_CODES)[number];

export function procedureOf(code: string): Procedure {
  const procedure = STARTER_CATALOG.find((candidate) => candidate.code === code);
  if (!procedure) throw new Error(`no procedure ${code} in the starter catalog`);
  return procedure;
}

function factsOf(procedure: Procedure): ProcedureFacts {
  if (procedure.duration.unit !== 'WORKING_DAYS' && procedure.duration.unit !== 'WORKING_HOURS') throw new Error('unit');
  return {
    code: procedure.code,
    competentLevel: procedure.level as Level,
    routeLevels: procedure.route.map((step) => step.level as Level),
    duration: { value: procedure.duration.value, unit: procedure.duration.unit },
    ...(procedure.sameDayCutoff ? { cutoff: procedure.sameDayCutoff } : {}),
    atTheCounter: procedure.fourOnTheSpot,
    feesStopTheClock: procedure.financialObligationPausesClock,
    documentCodes: procedure.documents.map((doc) => doc.code),
  };
}

/**
 * Where the dossier is handed in: at the applicant's own unit, or at a neighbouring one of the
 * same level ("phi địa giới": the commune procedures at Quang Thuận, the district one at Bắc Kạn).
 */
function receptionOf(code: ProcedureCode, atNeighbour: boolean): string {
  const level = procedureOf(code).route[0]!.level;
  if (level === 'DISTRICT') return atNeighbour ? OTHER_DISTRICT : DISTRICT;
  return atNeighbour ? OTHER_COMMUNE : COMMUNE;
}

// ---------------------------------------------------------------------------------------------
// The system under test

export type Outcome = { ok: true } | { ok: false; code: string; message: string; condition?: string };

export type MessageKind = 'HANDOFF' | 'RETURN' | 'OPINION_REQUEST';
export type DeliveryOutcome = 'DELIVERED' | 'ALREADY_DELIVERED' | 'DISCARDED';

export interface SystemUnderTest {
  name: string;
  submit(input: { procedure: Procedure; receiving: AgencyRef; caller: Caller; now: Date }): Promise<Dossier>;
  /** `expectedVersion` is the version the officer saw; the pure domain has no concurrency guard. */
  act(id: string, expectedVersion: number, command: Command, caller: Caller, now: Date): Promise<Outcome>;
  deliver(message: { kind: MessageKind; dossierId: string; handoffId: string; toAgency: string }, now: Date): Promise<DeliveryOutcome>;
  read(id: string): Promise<{ head: Dossier; history: DossierEvent[] }>;
  /** The head alone (after a refusal: a history grown without its head shows at the next full read). */
  readHead(id: string): Promise<Dossier>;
  /** The open opinion requests in an agency's list, if the system keeps such lists. */
  openOpinionRequests?(agency: string): Promise<{ dossierId: string; consultationId: string; delivered: boolean }[]>;
  /** Whether `expectedVersion` is checked (STALE_VERSION probes make sense). */
  guardsVersions: boolean;
  /** Whether who may see and act on a dossier is checked first (the services' gate, `serviceGate`). */
  gatesCallers: boolean;
  /**
   * Whether the system keeps a record per queue message (the services do: handoff records, opinion
   * requests), so that old handoffs' messages and opinion requests can be delivered at any time.
   */
  keepsMessageRecords: boolean;
}

// ---------------------------------------------------------------------------------------------
// Generated sequences

export interface StepSpec {
  kind: 'guided' | 'flawed' | 'random' | 'deliver' | 'stale';
  /** How far the clock moves before the step, in ms. */
  advance: number;
  a: number;
  b: number;
  c: number;
}

export interface Scenario {
  procedure: ProcedureCode;
  /** Steps are used up to a length that grows with the route (a longer way needs more steps). */
  /** Handed in at the neighbouring commune (district) instead of the applicant's own. */
  atNeighbour: boolean;
  start: number;
  steps: StepSpec[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const advanceArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 120 }).map((minutes) => minutes * MINUTE) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 24 }).map((hours) => hours * HOUR) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 6 * 24 }).map((hours) => hours * HOUR) },
);

export function scenarioArb(options: { minSteps: number; maxSteps: number; stale: boolean }): fc.Arbitrary<Scenario> {
  const kind = fc.oneof(
    { weight: 14, arbitrary: fc.constant<'guided'>('guided') },
    { weight: 3, arbitrary: fc.constant<'flawed'>('flawed') },
    { weight: 3, arbitrary: fc.constant<'random'>('random') },
    { weight: 2, arbitrary: fc.constant<'deliver'>('deliver') },
    { weight: options.stale ? 1 : 0, arbitrary: fc.constant<'stale'>('stale') },
  );
  const step = fc.record({ kind, advance: advanceArb, a: fc.nat(9999), b: fc.nat(9999), c: fc.nat(9999) });
  return fc.record({
    procedure: fc.constantFrom(...PROCEDURE_CODES),
    atNeighbour: fc.boolean(),
    // Any minute of 2025–2026, the years whose official holiday schedules ship with the calendar.
    start: fc
      .integer({ min: Date.parse('2025-01-01T00:00:00+07:00') / MINUTE, max: Date.parse('2026-11-30T00:00:00+07:00') / MINUTE })
      .map((m) => m * MINUTE),
    steps: fc.array(step, { minLength: options.minSteps, maxLength: options.maxSteps, size: 'max' }),
  });
}

// ---------------------------------------------------------------------------------------------
// Inputs: valid ones, and one flaw at a time

/**
 * How often a guided step picks each action the model allows: moving the dossier on is likelier
 * than waiting for the applicant, and ending it early likelier still than nothing, so sequences
 * get deep (along the route and back, to RETURNED) and still end in every way.
 */
const GUIDED_WEIGHT: Readonly<Record<ActionName, number>> = {
  ACCEPT: 48,
  RESUBMIT: 48,
  TRANSFER: 48,
  ACCEPT_HANDOFF: 48,
  ASSIGN: 48,
  START_APPRAISAL: 48,
  CLOSE_CONSULTATION: 48,
  SUBMIT_FOR_SIGNATURE: 48,
  SIGN: 48,
  ISSUE: 48,
  APPROVE_AT_COUNTER: 48,
  RETURN_RESULT: 48,
  RECEIVE_SUPPLEMENT: 48,
  CONFIRM_FINANCIAL_OBLIGATION: 48,
  GIVE_OPINION: 32,
  REQUEST_OPINIONS: 24,
  RETURN_HANDOFF: 8,
  REQUEST_COMPLETION: 8,
  REQUEST_SUPPLEMENT: 8,
  REQUEST_FINANCIAL_OBLIGATION: 8,
  APOLOGIZE: 8,
  REFUSE: 2,
  WITHDRAW: 2,
  STOP: 2,
};

/** How a guided step weighs an action here and now. */
function guidedWeight(model: ModelDossier, action: ActionName): number {
  // Re-assigning an assigned dossier is allowed, but rarely what moves it on.
  if (action === 'ASSIGN' && model.phase === 'ASSIGNED') return 4;
  // Handing an undecided dossier on from the competent agency is allowed (the route says where),
  // but then nobody down the route may decide it: rare.
  if (action === 'TRANSFER' && model.holder === model.competent && model.status !== 'RESOLVED') return 4;
  return GUIDED_WEIGHT[action];
}

interface Input {
  command: ModelCommand;
  flaw?: string;
}

function inputs(action: ActionName, d: ModelDossier, now: Date, pick: number): Input[] {
  const docs = d.procedure.documentCodes;
  const doc = docs[pick % docs.length]!;
  const reason = 'Theo quy định';
  const due = expectedDueAt(d) ?? new Date(now.getTime() + 10 * 24 * HOUR);
  switch (action) {
    case 'REQUEST_COMPLETION':
    case 'REQUEST_SUPPLEMENT':
      return [
        { command: { action, items: [doc], reason } },
        { command: { action, items: docs.slice(0, 1 + (pick % docs.length)), reason } },
        { command: { action, items: [], reason }, flaw: 'no items' },
        { command: { action, items: [doc, 'SO_HO_KHAU'], reason }, flaw: 'a document outside the procedure' },
        { command: { action, items: [doc, doc], reason }, flaw: 'an item twice' },
        { command: { action, items: [doc], reason: '   ' }, flaw: 'blank reason' },
      ];
    case 'RESUBMIT':
    case 'RECEIVE_SUPPLEMENT':
      return [
        { command: { action, documents: [{ code: doc, copies: 1 + (pick % 3) }] } },
        { command: { action, documents: [] } },
        { command: { action, documents: [{ code: 'SO_HO_KHAU', copies: 1 }] }, flaw: 'a document outside the procedure' },
        { command: { action, documents: [{ code: doc, copies: 0 }] }, flaw: 'zero copies' },
      ];
    case 'REFUSE':
    case 'STOP':
    case 'RETURN_HANDOFF':
      return [{ command: { action, reason } }, { command: { action, reason: '' }, flaw: 'blank reason' }];
    case 'ACCEPT':
    case 'START_APPRAISAL':
    case 'SUBMIT_FOR_SIGNATURE':
    case 'CONFIRM_FINANCIAL_OBLIGATION':
    case 'ACCEPT_HANDOFF':
    case 'CLOSE_CONSULTATION':
      return [{ command: { action } }];
    case 'TRANSFER': {
      const next = nextAgency(d);
      const wrong = CALLER_AGENCIES[pick % CALLER_AGENCIES.length]!;
      return [...(next ? [{ command: { action, toAgency: next } }] : []), { command: { action, toAgency: wrong }, flaw: 'any agency' }];
    }
    case 'ASSIGN':
      return [{ command: { action, assignee: 'cv-thuly-01' } }, { command: { action, assignee: ' ' }, flaw: 'blank assignee' }];
    case 'REQUEST_OPINIONS': {
      const question = 'Đề nghị cho ý kiến về hồ sơ';
      // One to three of the other agencies we have officers at, mostly with budgets short enough
      // to run out within a sequence (working hours), sometimes in working days.
      const others = CALLER_AGENCIES.filter((agency) => agency !== d.holder);
      const start = pick % others.length;
      const chosen = [...others.slice(start), ...others.slice(0, start)].slice(0, 1 + (pick % 3));
      const budget = (index: number): Budget =>
        pick % 4 === 0
          ? { value: 1 + ((pick + index) % 2), unit: 'WORKING_DAYS' }
          : { value: 1 + ((pick + index) % 4), unit: 'WORKING_HOURS' };
      const asked = chosen.map((agency, index) => ({ agency, budget: budget(index) }));
      const first = asked[0]!;
      return [
        { command: { action, question, consulted: asked } },
        { command: { action, question, consulted: [] }, flaw: 'nobody asked' },
        {
          command: { action, question, consulted: MANY_AGENCIES.map((agency) => ({ agency, budget: first.budget })) },
          flaw: 'eleven agencies',
        },
        { command: { action, question, consulted: [first, first] }, flaw: 'an agency twice' },
        ...(d.holder
          ? [
              {
                command: { action, question, consulted: [first, { agency: d.holder, budget: first.budget }] },
                flaw: 'the lead agency itself',
              },
            ]
          : []),
        { command: { action, question, consulted: [{ ...first, budget: { value: 0, unit: 'WORKING_DAYS' } }] }, flaw: 'no budget' },
        {
          command: { action, question, consulted: [{ ...first, budget: { value: MAX_BUDGET + 1, unit: 'WORKING_DAYS' } }] },
          flaw: 'a budget too long',
        },
        {
          command: { action, question, consulted: [{ ...first, budget: { value: 1.5, unit: 'WORKING_DAYS' } }] },
          flaw: 'a fractional budget',
        },
        { command: { action, question: ' ', consulted: asked }, flaw: 'blank question' },
      ];
    }
    case 'GIVE_OPINION':
      return [
        { command: { action, opinion: pick % 3 === 0 ? 'Không đồng ý: thiếu xác nhận' : 'Đồng ý', agrees: pick % 3 !== 0 } },
        { command: { action, opinion: '  ', agrees: true }, flaw: 'blank opinion' },
      ];
    case 'SIGN':
    case 'APPROVE_AT_COUNTER':
      return [{ command: { action, decision: pick % 4 === 0 ? 'DENIED' : 'APPROVED' } }];
    case 'ISSUE':
    case 'RETURN_RESULT':
    case 'WITHDRAW':
      return [{ command: { action } }];
    case 'REQUEST_FINANCIAL_OBLIGATION':
      return [
        { command: { action, amount: 75_000, reason } },
        { command: { action, amount: -1, reason }, flaw: 'negative amount' },
        { command: { action, amount: 0.5, reason }, flaw: 'fractional amount' },
        { command: { action, amount: 75_000, reason: ' ' }, flaw: 'blank reason' },
      ];
    case 'APOLOGIZE':
      return [
        { command: { action, reason, revisedDueAt: new Date(due.getTime() + (1 + (pick % 10)) * 24 * HOUR) } },
        { command: { action, reason, revisedDueAt: new Date(due.getTime() - HOUR) }, flaw: 'an earlier date' },
        { command: { action, reason, revisedDueAt: due }, flaw: 'the same date' },
        { command: { action, reason: '', revisedDueAt: new Date(due.getTime() + 24 * HOUR) }, flaw: 'blank reason' },
      ];
  }
}

/** The system's command for the model's one (the domain names what the action sends). */
function toSystem(command: ModelCommand): Command {
  const reason = command.reason ?? '';
  switch (command.action) {
    case 'REQUEST_COMPLETION':
    case 'REQUEST_SUPPLEMENT':
      return { action: command.action, items: (command.items ?? []).map((code) => ({ code })), reason };
    case 'RESUBMIT':
    case 'RECEIVE_SUPPLEMENT':
      return { action: command.action, documents: command.documents ?? [] };
    case 'REFUSE':
    case 'STOP':
      return { action: command.action, reason };
    case 'ACCEPT':
      return { action: 'ACCEPT', sequence: command.sequence ?? 1 };
    case 'TRANSFER':
      return { action: 'TRANSFER', toAgency: agencyRef(command.toAgency!) };
    case 'ACCEPT_HANDOFF':
    case 'CLOSE_CONSULTATION':
      return { action: command.action };
    case 'RETURN_HANDOFF':
      return { action: 'RETURN_HANDOFF', reason };
    case 'REQUEST_OPINIONS':
      return {
        action: 'REQUEST_OPINIONS',
        question: command.question ?? '',
        agencies: (command.consulted ?? []).map(({ agency, budget }) => ({ agency: agencyRef(agency), budget })),
      };
    case 'GIVE_OPINION':
      return { action: 'GIVE_OPINION', opinion: command.opinion ?? '', agrees: command.agrees ?? true };
    case 'ASSIGN':
      return { action: 'ASSIGN', assignee: command.assignee ?? '' };
    case 'START_APPRAISAL':
    case 'SUBMIT_FOR_SIGNATURE':
    case 'CONFIRM_FINANCIAL_OBLIGATION':
      return { action: command.action };
    case 'SIGN':
      return { action: 'SIGN', decision: command.decision ?? 'APPROVED' };
    case 'ISSUE':
      return { action: 'ISSUE', resultNumber: 'QĐ-01' };
    case 'APPROVE_AT_COUNTER':
      return { action: 'APPROVE_AT_COUNTER', decision: command.decision ?? 'APPROVED', resultNumber: 'CT-01' };
    case 'REQUEST_FINANCIAL_OBLIGATION':
      return { action: command.action, amount: command.amount ?? 0, reason };
    case 'APOLOGIZE':
      return { action: 'APOLOGIZE', reason, revisedDueAt: command.revisedDueAt! };
    case 'WITHDRAW':
      return { action: 'WITHDRAW', reason: 'Không có nhu cầu' };
    case 'RETURN_RESULT':
      return { action: 'RETURN_RESULT', deliveryMode: 'COUNTER' };
  }
}

// ---------------------------------------------------------------------------------------------
// Figures for the issue note

export class Tally {
  sequences = 0;
  actions = 0;
  accepted = new Map<string, number>();
  refused = new Map<string, number>();
  deliveries = new Map<string, number>();
  staleProbes = 0;
  terminalProbes = 0;
  deepest = new Map<string, number>();
  /** Ways through the route worth counting (returned via a neighbour, handoffs sent back, …). */
  paths = new Map<string, number>();

  add(map: Map<string, number>, key: string, n = 1) {
    map.set(key, (map.get(key) ?? 0) + n);
  }

  private readonly cpuAtStart = process.cpuUsage();

  summary(label: string, millis: number): string {
    const cpu = process.cpuUsage(this.cpuAtStart);
    const cpuSeconds = ((cpu.user + cpu.system) / 1e6).toFixed(1);
    const list = (map: Map<string, number>) =>
      [...map.entries()]
        .sort((x, y) => y[1] - x[1])
        .map(([key, n]) => `${key} ${n}`)
        .join(', ');
    const sum = (map: Map<string, number>) => [...map.values()].reduce((total, n) => total + n, 0);
    return [
      `[model] ${label}: ${this.sequences} sequences, ${this.actions} officer actions (${sum(this.accepted)} accepted, ${sum(this.refused)} refused; ${this.terminalProbes} of them probes after a terminal state) + ${sum(this.deliveries)} queue deliveries, ${this.staleProbes} stale-version probes, in ${(millis / 1000).toFixed(1)} s (${cpuSeconds} s CPU in this worker)`,
      `[model]   accepted by action: ${list(this.accepted)}`,
      `[model]   refused by code (ILLEGAL_ACTION/condition): ${list(this.refused)}`,
      `[model]   deliveries: ${list(this.deliveries)}`,
      `[model]   final states: ${list(this.deepest)}`,
      `[model]   paths: ${list(this.paths)}`,
    ].join('\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Running one sequence

/** The per-agency, per-day counter the model expects codes from (shared by all sequences of a run). */
export type Counters = Map<string, number>;

interface Projection {
  status: string;
  phase: string | null;
  holder: string | null;
  assignee: string | null;
  route: string[];
  competentAgency: string;
  routeStep: number;
  version: number;
  receivedAt: string | null;
  dueAt: string | null;
  code: string | null;
  supplementRequests: number;
  pauses: { reason: string; from: string; to: string | null }[];
  apology: string | null;
  result: string | null;
  handoff: {
    id: string;
    kind: string;
    from: string;
    to: string;
    step: number;
    deliveredAt: string | null;
    acceptedAt: string | null;
  } | null;
  consultation: {
    id: string;
    resumePhase: string;
    requests: { agency: string; budget: Budget; dueAt: string; answeredAt: string | null }[];
    closedAt: string | null;
  } | null;
}

function projectSystem(head: Dossier): Projection {
  const { handoff, consultation } = head;
  return {
    status: head.status,
    phase: head.phase ?? null,
    holder: head.holderAgency ?? null,
    assignee: head.assignee ?? null,
    route: head.route.map((step) => step.agencyCode),
    competentAgency: head.competentAgency,
    routeStep: head.routeStep,
    version: head.version,
    receivedAt: head.receivedAt ?? null,
    dueAt: head.dueAt ?? null,
    code: head.code ?? null,
    supplementRequests: head.clock.supplementRequests,
    pauses: head.clock.pauses.map((pause) => ({ reason: pause.reason, from: pause.from, to: pause.to ?? null })),
    apology: head.apology?.revisedDueAt ?? null,
    result: head.result?.decision ?? null,
    handoff: handoff
      ? {
          id: handoff.id,
          kind: handoff.kind,
          from: handoff.fromAgency,
          to: handoff.toAgency,
          step: handoff.routeStep,
          deliveredAt: handoff.deliveredAt ?? null,
          acceptedAt: handoff.acceptedAt ?? null,
        }
      : null,
    consultation: consultation
      ? {
          id: consultation.id,
          resumePhase: consultation.resumePhase,
          requests: consultation.requests.map((request) => ({
            agency: request.agencyCode,
            budget: { value: request.budget.value, unit: request.budget.unit as Budget['unit'] },
            dueAt: request.dueAt,
            answeredAt: request.answeredAt ?? null,
          })),
          closedAt: consultation.closedAt ?? null,
        }
      : null,
  };
}

function projectModel(d: ModelDossier, dossierId: string): Projection {
  const iso = (at: Date | undefined) => at?.toISOString() ?? null;
  const { handoff, consultation } = d;
  return {
    status: d.status,
    phase: d.phase ?? null,
    holder: d.holder,
    assignee: d.assignee ?? null,
    route: d.route,
    competentAgency: d.competent,
    routeStep: d.routeStep,
    version: d.version,
    receivedAt: iso(d.receivedAt),
    dueAt: iso(expectedDueAt(d)),
    code: d.code ?? null,
    supplementRequests: d.supplementRequests,
    pauses: d.pauses.map((pause) => ({ reason: pause.reason, from: pause.from.toISOString(), to: iso(pause.to) })),
    apology: iso(d.apology?.revisedDueAt),
    result: d.result ?? null,
    handoff: handoff
      ? {
          id: `${dossierId}-${handoff.id}`,
          kind: handoff.kind,
          from: handoff.from,
          to: handoff.to,
          step: handoff.step,
          deliveredAt: iso(handoff.deliveredAt),
          acceptedAt: iso(handoff.acceptedAt),
        }
      : null,
    consultation: consultation
      ? {
          id: `${dossierId}-${consultation.id}`,
          resumePhase: consultation.resumePhase,
          requests: consultation.requests.map((request) => ({
            agency: request.agency,
            budget: request.budget,
            dueAt: request.dueAt.toISOString(),
            answeredAt: iso(request.answeredAt),
          })),
          closedAt: iso(consultation.closedAt),
        }
      : null,
  };
}

const DECISION_EVENTS = new Set([...DECISIONS].map((action) => EVENT_TYPE[action]));

/** The calendar's answers, remembered (the invariants ask the same question at every step). */
const dueAts = new Map<string, Date>();
function dueAtOf(from: Date, facts: ProcedureFacts, cutoff: { cutoff?: string }, pauses: { from: Date; to: Date }[]): Date {
  const key = `${from.toISOString()}|${facts.duration.value}${facts.duration.unit}|${cutoff.cutoff ?? ''}|${pauses.map((pause) => `${pause.from.toISOString()}-${pause.to.toISOString()}`).join(',')}`;
  let due = dueAts.get(key);
  if (!due) {
    if (dueAts.size > 50_000) dueAts.clear();
    due = getDefaultCalendar().dueAt(from, facts.duration, { ...cutoff, pauses });
    dueAts.set(key, due);
  }
  return due;
}

/** Invariants read from the system alone (plus the law's due date and the national code table). */
export function checkInvariants(head: Dossier, history: DossierEvent[], facts: ProcedureFacts, where: string): void {
  // Gap-free history, and the head is its fold.
  expect(
    history.map((event) => event.version),
    `${where}: versions`,
  ).toEqual(history.map((_, index) => index + 1));
  expect(head.version, `${where}: head version`).toBe(history.length);
  expect(fold(history), `${where}: fold(history) = head`).toEqual(head);
  // At most one apology, and the head shows it iff it happened.
  const apologies = history.filter((event) => event.type === 'APOLOGIZED');
  expect(apologies.length, `${where}: apologies`).toBeLessThanOrEqual(1);
  expect(head.apology !== undefined, `${where}: apology on the head`).toBe(apologies.length === 1);
  // Nothing at all is recorded after a terminal state, not even a handoff's arrival.
  const end = history.findIndex((event) => TERMINAL.has(event.statusAfter));
  if (end >= 0)
    expect(
      history.slice(end + 1).map((event) => event.type),
      `${where}: events after ${history[end]!.statusAfter}`,
    ).toEqual([]);
  // Supplement requests counted, one per request.
  expect(head.clock.supplementRequests, `${where}: supplement requests`).toBe(
    history.filter((event) => event.type === 'SUPPLEMENT_REQUESTED').length,
  );
  // The national code follows the status (domain.md §d.2).
  expect(DOSSIER_STATUSES[head.status].nationalCode, `${where}: national code of ${head.status}`).toBe(NATIONAL_STATUS_CODE[head.status]);
  // The route starts and ends at the one-stop; the holder is always the agency of its step.
  expect([head.route[0]?.agencyCode, head.route.at(-1)?.agencyCode], `${where}: the route's ends`).toEqual([
    head.receivingAgency,
    head.receivingAgency,
  ]);
  if (head.holderAgency !== undefined)
    expect(head.holderAgency, `${where}: the holder is the agency of step ${head.routeStep}`).toBe(head.route[head.routeStep]?.agencyCode);
  // Decisions are taken at the competent agency only; the result is returned at the one-stop only.
  const misplaced = history.filter(
    (event) =>
      (DECISION_EVENTS.has(event.type) && event.actor.agencyCode !== head.competentAgency) ||
      (event.type === 'RESULT_RETURNED' && event.actor.agencyCode !== head.receivingAgency),
  );
  expect(
    misplaced.map((event) => `${event.type} v${event.version} by ${event.actor.agencyCode}`),
    `${where}: decisions away from ${head.competentAgency}, results away from ${head.receivingAgency}`,
  ).toEqual([]);
  // The due date: never earlier than the law's, and moved by closed pauses only.
  if (head.receivedAt) {
    const cutoff = facts.cutoff ? { cutoff: facts.cutoff } : {};
    const law = dueAtOf(new Date(head.receivedAt), facts, cutoff, []);
    expect(head.dueAt, `${where}: due date`).toBeDefined();
    expect(Date.parse(head.dueAt!), `${where}: due ${head.dueAt} before the law's ${law.toISOString()}`).toBeGreaterThanOrEqual(
      law.getTime(),
    );
    const closed = head.clock.pauses.filter((pause) => pause.to).map((pause) => ({ from: new Date(pause.from), to: new Date(pause.to!) }));
    expect(head.dueAt, `${where}: due date moved by closed pauses only`).toBe(
      dueAtOf(new Date(head.receivedAt), facts, cutoff, closed).toISOString(),
    );
  } else {
    expect(head.dueAt, `${where}: due date before reception`).toBeUndefined();
  }
}

const yymmdd = (at: Date) => {
  const local = new Date(at.getTime() + 7 * HOUR);
  return local.toISOString().slice(2, 10).replaceAll('-', '');
};

const verdictCode = (verdict: { ok: true } | { ok: false; code: string; condition?: string }) =>
  verdict.ok ? 'OK' : verdict.condition ? `${verdict.code}/${verdict.condition}` : verdict.code;

export async function runScenario(
  sut: SystemUnderTest,
  scenario: Scenario,
  counters: Counters,
  tally: Tally,
  stepsFor: (routeLength: number) => number = () => Number.POSITIVE_INFINITY,
): Promise<void> {
  const procedure = procedureOf(scenario.procedure);
  const facts = factsOf(procedure);
  const oneStop = receptionOf(scenario.procedure, scenario.atNeighbour);
  let now = new Date(scenario.start);
  const receptionist = officer(oneStop, ['RECEPTION_OFFICER']).caller;
  const { id } = await sut.submit({ procedure, receiving: agencyRef(oneStop), caller: receptionist, now });
  let model = newModelDossier({ procedure: facts, oneStop, oneStopIdentifier: agencyRef(oneStop).identifier, subject: SUBJECT });
  tally.sequences += 1;
  const trail: string[] = [`submit ${scenario.procedure} at ${oneStop} @${now.toISOString()}: ${id}, route ${model.route.join(' → ')}`];
  let current = await sut.read(id);
  /** Every handoff sent, and every opinion request made (their queue messages may come any time). */
  const sent: ModelHandoff[] = [];
  const opinionRequests: { handoffId: string; agency: string; consultation: string }[] = [];
  /** Opinion requests the queue has delivered at least once, and those whose record says so. */
  const opinionRequestsQueued = new Set<string>();
  const opinionRequestsDelivered = new Set<string>();

  /** After every step: the head is what the model says, and the invariants hold. */
  const checkHead = (label: string) => {
    expect(projectSystem(current.head), `${label}: the head differs from the model`).toEqual(projectModel(model, id));
    checkInvariants(current.head, current.history, facts, label);
  };
  const unchanged = (before: typeof current, label: string) => {
    expect(current.head, `${label}: the head changed`).toEqual(before.head);
    expect(current.history, `${label}: the history changed`).toEqual(before.history);
  };

  /** One officer action: the same verdict as the model; the recorded event if accepted, nothing changed if refused. */
  const attempt = async (command: ModelCommand, by: Officer, expectedVersion = model.version) => {
    const stale = expectedVersion !== model.version;
    const counterKey = `${by.agency}#${yymmdd(now)}`;
    if (command.action === 'ACCEPT') command.sequence = (counters.get(counterKey) ?? 0) + 1;
    const gate = sut.gatesCallers ? serviceGate(model, command.action, by) : undefined;
    const verdict = gate
      ? ({ ok: false, code: gate } as const)
      : stale
        ? ({ ok: false, code: 'STALE_VERSION' } as const)
        : decide(model, command, by, now);
    const before = current;
    const outcome = await sut.act(id, expectedVersion, toSystem(command), by.caller, now);
    const label = `${command.action}${describe(command)} by ${by.caller.officerId} @${now.toISOString()} v${expectedVersion}`;
    trail.push(`${label}: model ${verdictCode(verdict)}, system ${verdictCode(outcome)}${outcome.ok ? '' : ` (${outcome.message})`}`);
    if (!stale) tally.actions += 1;
    expect(verdictCode(outcome), `${label}: the system's answer`).toBe(verdictCode(verdict));
    if (!verdict.ok) {
      tally.add(tally.refused, verdictCode(verdict));
      // A refused action changes nothing (an event written without its head would break the
      // gap-free history checked at the next full read).
      expect(await sut.readHead(id), `${label}: a refused action changed the head`).toEqual(before.head);
      return;
    }
    current = await sut.read(id);
    tally.add(tally.accepted, command.action);
    if (command.action === 'ACCEPT') counters.set(counterKey, command.sequence!);
    if (command.action === 'RETURN_HANDOFF') tally.add(tally.paths, 'handoff sent back');
    if (command.action === 'CLOSE_CONSULTATION') tally.add(tally.paths, 'consultation closed with opinions overdue');
    model = verdict.next;
    if (command.action === 'TRANSFER' || command.action === 'RETURN_HANDOFF') sent.push(model.handoff!);
    if (command.action === 'REQUEST_OPINIONS') {
      const consultation = `${id}-${model.consultation!.id}`;
      for (const request of model.consultation!.requests)
        opinionRequests.push({ handoffId: `${consultation}.${request.agency}`, agency: request.agency, consultation });
    }
    if ((command.action === 'GIVE_OPINION' || command.action === 'CLOSE_CONSULTATION') && KNOWN_BUGS.opinionDeliveryForgottenOnAnswer) {
      const consultation = `${id}-${model.consultation!.id}`;
      for (const request of opinionRequests) if (request.consultation === consultation) opinionRequestsDelivered.delete(request.handoffId);
    }
    const event = current.history.at(-1)!;
    expect(
      {
        type: event.type,
        version: event.version,
        at: event.at,
        officerId: event.actor.officerId,
        agency: event.actor.agencyCode,
        statusAfter: event.statusAfter,
        phaseAfter: event.phaseAfter ?? null,
      },
      `${label}: the recorded event`,
    ).toEqual({
      type: EVENT_TYPE[command.action],
      version: model.version,
      at: now.toISOString(),
      officerId: by.caller.officerId,
      agency: by.agency,
      statusAfter: verdict.event.statusAfter,
      phaseAfter: verdict.event.phaseAfter ?? null,
    });
    checkHead(label);
  };

  /** The receiver's queue delivers the current handoff: once, again (nothing happens), or after the end (discarded). */
  const delivery = async (handoff: ModelHandoff) => {
    const handoffId = `${id}-${handoff.id}`;
    const verdict = deliverInModel(model, now);
    const before = current;
    const outcome = await sut.deliver(
      { kind: handoff.kind === 'RETURN' ? 'RETURN' : 'HANDOFF', dossierId: id, handoffId, toAgency: handoff.to },
      now,
    );
    const label = `deliver ${handoff.kind} ${handoffId} to ${handoff.to} @${now.toISOString()}`;
    trail.push(`${label}: model ${verdict.outcome}, system ${outcome}`);
    expect(outcome, label).toBe(verdict.outcome);
    tally.add(tally.deliveries, `${handoff.kind} ${outcome}`);
    current = await sut.read(id);
    if (verdict.outcome === 'DELIVERED') {
      model = verdict.next;
      expect(current.history.at(-1)?.type, label).toBe('DELIVERED');
    } else {
      // Delivered before, or the dossier ended while it travelled: nothing is recorded.
      if (verdict.outcome === 'DISCARDED') model = verdict.next;
      unchanged(before, label);
    }
    checkHead(label);
  };

  /** An older handoff's message arrives late (queues deliver at least once): it was dealt with already. */
  const lateDelivery = async (handoff: ModelHandoff) => {
    const handoffId = `${id}-${handoff.id}`;
    const before = current;
    const outcome = await sut.deliver(
      { kind: handoff.kind === 'RETURN' ? 'RETURN' : 'HANDOFF', dossierId: id, handoffId, toAgency: handoff.to },
      now,
    );
    const label = `deliver an old ${handoff.kind} ${handoffId} to ${handoff.to} again @${now.toISOString()}`;
    trail.push(`${label}: system ${outcome}`);
    expect(outcome, label).toBe('ALREADY_DELIVERED');
    tally.add(tally.deliveries, `old ${handoff.kind} ${outcome}`);
    current = await sut.read(id);
    unchanged(before, label);
  };

  /** A consulted agency's queue delivers its opinion request: noted once, whatever the dossier's state; the dossier is untouched. */
  const opinionDelivery = async (request: { handoffId: string; agency: string; consultation: string }) => {
    const before = current;
    const expected = opinionRequestsDelivered.has(request.handoffId) ? 'ALREADY_DELIVERED' : 'DELIVERED';
    const outcome = await sut.deliver(
      { kind: 'OPINION_REQUEST', dossierId: id, handoffId: request.handoffId, toAgency: request.agency },
      now,
    );
    const label = `deliver OPINION_REQUEST ${request.handoffId} @${now.toISOString()}`;
    trail.push(`${label}: model ${expected}, system ${outcome}`);
    expect(outcome, label).toBe(expected);
    opinionRequestsQueued.add(request.handoffId);
    opinionRequestsDelivered.add(request.handoffId);
    tally.add(tally.deliveries, `OPINION_REQUEST ${outcome}`);
    current = await sut.read(id);
    unchanged(before, label);
  };

  const pending = (handoff: ModelHandoff | undefined): handoff is ModelHandoff =>
    handoff !== undefined && !handoff.deliveredAt && !handoff.discarded;

  const run = async () => {
    checkHead('submitted');
    for (const step of scenario.steps.slice(0, stepsFor(model.route.length))) {
      now = new Date(now.getTime() + step.advance);
      // The receiver's queue usually delivers a pending handoff before anything else happens (now
      // and then the applicant withdraws while it travels), and soon delivers opinion requests.
      if (pending(model.handoff) && step.kind === 'guided' && step.c % 24 !== 0) {
        await delivery(model.handoff);
        continue;
      }
      const undelivered = opinionRequests.filter((request) => !opinionRequestsQueued.has(request.handoffId));
      if (sut.keepsMessageRecords && undelivered.length > 0 && step.kind === 'guided' && step.c % 3 === 0) {
        await opinionDelivery(undelivered[step.b % undelivered.length]!);
        continue;
      }
      if (step.kind === 'deliver') {
        const old = sent.filter((handoff) => handoff.id !== model.handoff?.id);
        const choice = step.a % 3;
        if (sut.keepsMessageRecords && choice === 1 && opinionRequests.length > 0)
          await opinionDelivery(opinionRequests[step.b % opinionRequests.length]!);
        else if (sut.keepsMessageRecords && choice === 2 && old.length > 0) await lateDelivery(old[step.b % old.length]!);
        else if (model.handoff) await delivery(model.handoff);
        continue;
      }
      if (step.kind === 'stale' && sut.guardsVersions && model.version >= 2) {
        // An officer acting on a version someone else has already moved on from.
        tally.staleProbes += 1;
        const action = ACTION_NAMES[step.b % ACTION_NAMES.length]!;
        // Mostly by someone the gate lets through, so that the version is what refuses.
        const through = OFFICERS.filter((candidate) => !sut.gatesCallers || !serviceGate(model, action, candidate));
        const by = through.length > 0 && step.a % 4 !== 0 ? through[step.a % through.length]! : OFFICERS[step.a % OFFICERS.length]!;
        await attempt(inputs(action, model, now, step.c)[0]!.command, by, 1 + (step.c % (model.version - 1)));
        continue;
      }
      const choice = step.kind === 'guided' ? guided(model, now, step) : step.kind === 'flawed' ? flawed(model, now, step) : undefined;
      await attempt(
        structuredClone(choice?.command ?? randomInput(model, now, step).command),
        choice?.by ?? OFFICERS[step.b % OFFICERS.length]!,
      );
    }
    // However it ended: if terminal, nothing more may happen, whoever tries (every action on the
    // pure domain; a rotating sixth of them on the slower system), and a handoff still on its
    // way is discarded when it arrives.
    if (TERMINAL.has(model.status)) {
      const share = sut.guardsVersions ? 6 : 1;
      for (const action of ACTION_NAMES.filter((_, index) => index % share === scenario.start % share)) {
        tally.terminalProbes += 1;
        // An agency still asked for its opinion tries to give it; anyone else acts where the dossier was.
        const asked = model.consultation?.requests.find((request) => consulted(model, request.agency));
        const by = allRoles(action === 'GIVE_OPINION' && asked ? asked.agency : (model.holder ?? model.oneStop));
        const input = inputs(action, model, now, 0)[0]!;
        expect(decide(model, input.command, by, now).ok, `the model itself allows ${action} from ${model.status}`).toBe(false);
        await attempt(structuredClone(input.command), by);
      }
      if (pending(model.handoff)) await delivery(model.handoff);
    }
    // The consulted agencies' lists show this dossier's requests while (and only while) they are open.
    if (sut.openOpinionRequests) {
      for (const agency of new Set(opinionRequests.map((request) => request.agency))) {
        const listed = (await sut.openOpinionRequests(agency)).filter((entry) => entry.dossierId === id);
        const open = consulted(model, agency) && (!TERMINAL.has(model.status) || KNOWN_BUGS.opinionRequestsOutliveTheDossier);
        const handoffId = `${id}-${model.consultation?.id}.${agency}`;
        expect(listed, `the open opinion requests listed for ${agency}`).toEqual(
          open
            ? [{ dossierId: id, consultationId: `${id}-${model.consultation!.id}`, delivered: opinionRequestsDelivered.has(handoffId) }]
            : [],
        );
      }
    }
  };

  try {
    await run();
  } catch (error) {
    // The dossier's whole trail, as the model and the system answered it step by step.
    if (error instanceof Error) error.message = `${error.message}\n${sut.name}, ${scenario.procedure}:\n  ${trail.join('\n  ')}`;
    throw error;
  }
  tally.add(tally.deepest, `${model.status}${model.phase ? `/${model.phase}` : ''}`);
  if (model.status === 'RETURNED') tally.add(tally.paths, `returned over ${model.route.length} step(s)`);
}

/** The command's input, shortly, for the trail printed with a failure. */
function describe(command: ModelCommand): string {
  const { action: _action, ...input } = command;
  const shown = Object.entries(input).map(
    ([key, value]) => `${key}=${value instanceof Date ? value.toISOString() : JSON.stringify(value)}`,
  );
  return shown.length > 0 ? `(${shown.join(' ')})` : '';
}

type Choice = { command: ModelCommand; by: Officer };

/** A step the model says will succeed: an action (weighted), then an officer who may take it. */
function guided(model: ModelDossier, now: Date, step: StepSpec): Choice | undefined {
  const options = new Map<ActionName, Choice[]>();
  for (const action of ACTION_NAMES) {
    if (unmet(model, action, now)) continue;
    let valid: Input[] | undefined;
    // Past the role check, the model's verdict depends on the caller's agency only: judged once per agency.
    const verdicts = new Map<string, Input[]>();
    for (const by of OFFICERS) {
      if (!authorized(model, action, by)) continue;
      valid ??= inputs(action, model, now, step.c).filter((input) => !input.flaw);
      let accepted = verdicts.get(by.agency);
      if (!accepted) {
        accepted = valid.filter((input) => decide(model, input.command, by, now).ok);
        verdicts.set(by.agency, accepted);
      }
      if (accepted.length > 0)
        options.set(action, [...(options.get(action) ?? []), ...accepted.map((input) => ({ command: input.command, by }))]);
    }
  }
  const actions = [...options.keys()];
  const total = actions.reduce((sum, action) => sum + guidedWeight(model, action), 0);
  if (total === 0) return undefined;
  // A weighted draw: walk the actions, spending the ticket, until it runs out.
  let ticket = step.a % total;
  const picked = actions.find((action) => {
    ticket -= guidedWeight(model, action);
    return ticket < 0;
  })!;
  const choices = options.get(picked)!;
  return choices[step.b % choices.length];
}

/** Actions whose refusals come from rules of their own, with nothing wrong in the input. */
const OWN_RULES: ReadonlySet<ActionName> = new Set<ActionName>(['APOLOGIZE', 'TRANSFER', 'RETURN_HANDOFF']);

/**
 * A step past who / where / when, so that the conditions and the action's own rules judge it:
 * usually with a flaw in the input, or where a condition is not met (a decision away from the
 * competent agency, work before accepting a handoff, a consultation closed too early, …).
 */
function flawed(model: ModelDossier, now: Date, step: StepSpec): Choice | undefined {
  const options: Choice[] = [];
  for (const action of ACTION_NAMES) {
    const by = OFFICERS.filter((officer) => authorized(model, action, officer));
    if (by.length === 0) continue;
    const all = inputs(action, model, now, step.c);
    const bad = all.filter((input) => input.flaw);
    const ruled = OWN_RULES.has(action) || unmet(model, action, now) !== undefined;
    if (bad.length === 0 && !ruled) continue;
    const candidates = bad.length > 0 && (step.c % 5 !== 0 || !ruled) ? bad : all;
    for (const input of candidates) options.push({ command: input.command, by: by[step.b % by.length]! });
  }
  return options[step.a % options.length];
}

/** Any action by any officer: valid input three times in four, else one flaw. */
function randomInput(model: ModelDossier, now: Date, step: StepSpec): Input {
  const all = inputs(ACTION_NAMES[step.a % ACTION_NAMES.length]!, model, now, step.c);
  const valid = all.filter((input) => !input.flaw);
  const bad = all.filter((input) => input.flaw);
  return step.c % 4 !== 0 || bad.length === 0 ? (valid[step.c % Math.max(valid.length, 1)] ?? all[0]!) : bad[step.c % bad.length]!;
}
