/**
 * Runs random action sequences against a system under test (the pure domain, or the services on
 * DynamoDB Local) and checks every step against the independent model in model.ts.
 *
 * A sequence is data (fast-check generates and shrinks it); each step is resolved at run time
 * against the MODEL's state: a "guided" step picks an action and caller the model says will
 * succeed (so sequences get deep: through the district and back, to RETURNED), a "random" step
 * takes any action by any caller with possibly flawed input (so refusals of every kind happen).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { getDefaultCalendar } from '../../functions/domain/calendar';
import type { Procedure } from '../../functions/domain/catalog';
import { DOSSIER_STATUSES, type AgencyRef, type Dossier, type DossierEvent } from '../../functions/domain/dossier';
import type { Caller, Command } from '../../functions/domain/lifecycle';
import { fold } from '../../functions/domain/lifecycle';
import { provinceAgencies } from '../../functions/seed/seed';
import { STARTER_CATALOG } from '../../functions/seed/starter-catalog';
import {
  ACTION_NAMES,
  type ActionName,
  authorized,
  decide,
  deliverInModel,
  EVENT_TYPE,
  expectedDueAt,
  type Level,
  type ModelCaller,
  type ModelCommand,
  type ModelDossier,
  NATIONAL_STATUS_CODE,
  newModelDossier,
  PENDING_DECISIONS,
  type ProcedureFacts,
  type RoleName,
  routeTarget,
  TERMINAL,
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
  ['AGENCY_HEAD', 'APPROVER'],
  ['RECEPTION_OFFICER', 'HANDLING_OFFICER', 'APPROVER', 'AGENCY_HEAD', 'PROVINCE_ADMIN', 'AUDITOR'],
];
const CALLER_AGENCIES = [COMMUNE, OTHER_COMMUNE, DISTRICT, OTHER_DISTRICT, PROVINCE];

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

// ---------------------------------------------------------------------------------------------
// The system under test

export type Outcome = { ok: true } | { ok: false; code: string; message: string };

export interface SystemUnderTest {
  name: string;
  submit(input: { procedure: Procedure; receiving: AgencyRef; caller: Caller; now: Date }): Promise<Dossier>;
  /** `expectedVersion` is the version the officer saw; the pure domain has no concurrency guard. */
  act(id: string, expectedVersion: number, command: Command, caller: Caller, now: Date): Promise<Outcome>;
  deliver(id: string, handoffId: string, toAgency: string, now: Date): Promise<'DELIVERED' | 'ALREADY_DELIVERED'>;
  read(id: string): Promise<{ head: Dossier; history: DossierEvent[] }>;
  /** Whether `expectedVersion` is checked (STALE_VERSION probes make sense). */
  guardsVersions: boolean;
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
  /** The 4-tại-chỗ procedure may be handed in at the neighbouring commune (phi địa giới). */
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
    { weight: 1, arbitrary: fc.constant<'deliver'>('deliver') },
    { weight: options.stale ? 1 : 0, arbitrary: fc.constant<'stale'>('stale') },
  );
  const step = fc.record({ kind, advance: advanceArb, a: fc.nat(9999), b: fc.nat(9999), c: fc.nat(9999) });
  return fc.record({
    procedure: fc.constantFrom(...PROCEDURE_CODES),
    atNeighbour: fc.boolean(),
    // Any minute of 2025–2026, the years whose official holiday schedules ship with the calendar.
    start: fc.integer({ min: Date.parse('2025-01-01T00:00:00+07:00') / MINUTE, max: Date.parse('2026-11-30T00:00:00+07:00') / MINUTE }).map((m) => m * MINUTE),
    steps: fc.array(step, { minLength: options.minSteps, maxLength: options.maxSteps, size: 'max' }),
  });
}

// ---------------------------------------------------------------------------------------------
// Inputs: valid ones, and one flaw at a time

/**
 * How often a guided step picks each action the model allows: moving the dossier on is likelier
 * than waiting for the applicant, and ending it early likelier still than nothing, so sequences
 * get deep (through the district and back, to RETURNED) and still end in every way.
 */
const GUIDED_WEIGHT: Readonly<Record<ActionName, number>> = {
  ACCEPT: 12,
  RESUBMIT: 12,
  TRANSFER: 12,
  ASSIGN: 12,
  START_APPRAISAL: 12,
  SUBMIT_FOR_SIGNATURE: 12,
  SIGN: 12,
  ISSUE: 12,
  APPROVE_AT_COUNTER: 12,
  RETURN_RESULT: 12,
  RECEIVE_SUPPLEMENT: 12,
  CONFIRM_FINANCIAL_OBLIGATION: 12,
  REQUEST_COMPLETION: 2,
  REQUEST_SUPPLEMENT: 2,
  REQUEST_FINANCIAL_OBLIGATION: 2,
  APOLOGIZE: 2,
  REFUSE: 1,
  WITHDRAW: 1,
  STOP: 1,
};

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
      return [{ command: { action, reason } }, { command: { action, reason: '' }, flaw: 'blank reason' }];
    case 'ACCEPT':
    case 'START_APPRAISAL':
    case 'SUBMIT_FOR_SIGNATURE':
    case 'CONFIRM_FINANCIAL_OBLIGATION':
      return [{ command: { action } }];
    case 'TRANSFER': {
      const next = routeTarget(d, d.routeStep + 1);
      const wrong = CALLER_AGENCIES[pick % CALLER_AGENCIES.length]!;
      return [
        ...(next ? [{ command: { action, toAgency: next } }] : []),
        { command: { action, toAgency: wrong }, flaw: 'any agency' },
      ];
    }
    case 'ASSIGN':
      return [{ command: { action, assignee: 'cv-thuly-01' } }, { command: { action, assignee: ' ' }, flaw: 'blank assignee' }];
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

/** The system's command for the model's one. */
function toSystem(command: ModelCommand, handoffId: string): Command {
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
      return { action: 'TRANSFER', toAgency: agencyRef(command.toAgency!), handoffId };
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
  deliveries = 0;
  redeliveries = 0;
  staleProbes = 0;
  terminalProbes = 0;
  deepest = new Map<string, number>();
  issuedOutsideCompetence = 0;
  deliveredAfterTerminal = 0;

  add(map: Map<string, number>, key: string) {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  summary(label: string, millis: number): string {
    const list = (map: Map<string, number>) => [...map.entries()].sort((x, y) => y[1] - x[1]).map(([key, n]) => `${key} ${n}`).join(', ');
    const accepted = [...this.accepted.values()].reduce((sum, n) => sum + n, 0);
    const refused = [...this.refused.values()].reduce((sum, n) => sum + n, 0);
    return [
      `[model] ${label}: ${this.sequences} sequences, ${this.actions} officer actions (${accepted} accepted, ${refused} refused; ${this.terminalProbes} of them probes after a terminal state) + ${this.deliveries} deliveries, ${this.redeliveries} redeliveries, ${this.staleProbes} stale-version probes, in ${(millis / 1000).toFixed(1)} s`,
      `[model]   accepted by action: ${list(this.accepted)}`,
      `[model]   refused by code: ${list(this.refused)}`,
      `[model]   final states: ${list(this.deepest)}`,
      `[model]   resolved outside the competent level (pending decision): ${this.issuedOutsideCompetence}; deliveries recorded after a terminal state: ${this.deliveredAfterTerminal}`,
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
  routeStep: number;
  version: number;
  receivedAt: string | null;
  dueAt: string | null;
  code: string | null;
  supplementRequests: number;
  pauses: { reason: string; from: string; to: string | null }[];
  apology: string | null;
  result: string | null;
  pendingHandoff: { to: string; step: number } | null;
}

function projectSystem(head: Dossier): Projection {
  const pending = head.handoff && !head.handoff.deliveredAt ? head.handoff : undefined;
  return {
    status: head.status,
    phase: head.phase ?? null,
    holder: head.holderAgency ?? null,
    routeStep: head.routeStep,
    version: head.version,
    receivedAt: head.receivedAt ?? null,
    dueAt: head.dueAt ?? null,
    code: head.code ?? null,
    supplementRequests: head.clock.supplementRequests,
    pauses: head.clock.pauses.map((pause) => ({ reason: pause.reason, from: pause.from, to: pause.to ?? null })),
    apology: head.apology?.revisedDueAt ?? null,
    result: head.result?.decision ?? null,
    pendingHandoff: pending ? { to: pending.toAgency, step: pending.routeStep } : null,
  };
}

function projectModel(d: ModelDossier): Projection {
  const pending = d.handoff && !d.handoff.delivered ? d.handoff : undefined;
  return {
    status: d.status,
    phase: d.phase ?? null,
    holder: d.holder,
    routeStep: d.routeStep,
    version: d.version,
    receivedAt: d.receivedAt?.toISOString() ?? null,
    dueAt: expectedDueAt(d)?.toISOString() ?? null,
    code: d.code ?? null,
    supplementRequests: d.supplementRequests,
    pauses: d.pauses.map((pause) => ({ reason: pause.reason, from: pause.from.toISOString(), to: pause.to?.toISOString() ?? null })),
    apology: d.apology?.revisedDueAt.toISOString() ?? null,
    result: d.result ?? null,
    pendingHandoff: pending ? { to: pending.to, step: pending.step } : null,
  };
}

/** Invariants read from the system alone (plus the law's due date and the national code table). */
export function checkInvariants(head: Dossier, history: DossierEvent[], facts: ProcedureFacts, where: string): void {
  // Gap-free history, and the head is its fold.
  expect(history.map((event) => event.version), `${where}: versions`).toEqual(history.map((_, index) => index + 1));
  expect(head.version, `${where}: head version`).toBe(history.length);
  expect(fold(history), `${where}: fold(history) = head`).toEqual(head);
  // At most one apology, and the head shows it iff it happened.
  const apologies = history.filter((event) => event.type === 'APOLOGIZED');
  expect(apologies.length, `${where}: apologies`).toBeLessThanOrEqual(1);
  expect(head.apology !== undefined, `${where}: apology on the head`).toBe(apologies.length === 1);
  // Nothing is recorded after a terminal state (but see PENDING_DECISIONS on a handoff's arrival).
  const end = history.findIndex((event) => TERMINAL.has(event.statusAfter));
  if (end >= 0) {
    const after = history.slice(end + 1).filter((event) => !(PENDING_DECISIONS.deliveryRecordedAfterTerminal && event.type === 'DELIVERED'));
    expect(after.map((event) => event.type), `${where}: events after ${history[end]!.statusAfter}`).toEqual([]);
    expect(history.slice(end + 1).every((event) => event.statusAfter === history[end]!.statusAfter), `${where}: status after the end`).toBe(true);
  }
  // Supplement requests counted, one per request.
  expect(head.clock.supplementRequests, `${where}: supplement requests`).toBe(history.filter((event) => event.type === 'SUPPLEMENT_REQUESTED').length);
  // The national code follows the status (domain.md §d.2).
  expect(DOSSIER_STATUSES[head.status].nationalCode, `${where}: national code of ${head.status}`).toBe(NATIONAL_STATUS_CODE[head.status]);
  // The due date: never earlier than the law's, and moved by closed pauses only.
  if (head.receivedAt) {
    const calendar = getDefaultCalendar();
    const cutoff = facts.cutoff ? { cutoff: facts.cutoff } : {};
    const law = calendar.dueAt(new Date(head.receivedAt), facts.duration, cutoff);
    expect(head.dueAt, `${where}: due date`).toBeDefined();
    expect(Date.parse(head.dueAt!), `${where}: due ${head.dueAt} before the law's ${law.toISOString()}`).toBeGreaterThanOrEqual(law.getTime());
    const closed = head.clock.pauses.filter((pause) => pause.to).map((pause) => ({ from: new Date(pause.from), to: new Date(pause.to!) }));
    expect(head.dueAt, `${where}: due date moved by closed pauses only`).toBe(calendar.dueAt(new Date(head.receivedAt), facts.duration, { ...cutoff, pauses: closed }).toISOString());
  } else {
    expect(head.dueAt, `${where}: due date before reception`).toBeUndefined();
  }
}

const yymmdd = (at: Date) => {
  const local = new Date(at.getTime() + 7 * HOUR);
  return local.toISOString().slice(2, 10).replaceAll('-', '');
};

export async function runScenario(sut: SystemUnderTest, scenario: Scenario, counters: Counters, tally: Tally): Promise<void> {
  const procedure = procedureOf(scenario.procedure);
  const facts = factsOf(procedure);
  // The 4-tại-chỗ procedure may be handed in at the neighbouring commune; routed ones at home
  // (see the pending decision on phi địa giới in lifecycle-model.test.ts).
  const oneStop =
    facts.routeLevels[0] === 'DISTRICT' ? DISTRICT : scenario.procedure === '2.000815' && scenario.atNeighbour ? OTHER_COMMUNE : COMMUNE;
  let now = new Date(scenario.start);
  const receptionist = officer(oneStop, ['RECEPTION_OFFICER']).caller;
  const { id } = await sut.submit({ procedure, receiving: agencyRef(oneStop), caller: receptionist, now });
  let model = newModelDossier({ procedure: facts, oneStop, oneStopIdentifier: agencyRef(oneStop).identifier, subject: SUBJECT });
  tally.sequences += 1;
  const trail: string[] = [`submit ${scenario.procedure} at ${oneStop} @${now.toISOString()}: ${id}`];
  let current = await sut.read(id);

  /** After every step: the head is what the model says, and the invariants hold. */
  const checkHead = (label: string) => {
    expect(projectSystem(current.head), `${label}: the head differs from the model`).toEqual(projectModel(model));
    checkInvariants(current.head, current.history, facts, label);
  };

  /** One officer action: the same verdict as the model; the recorded event if accepted, nothing changed if refused. */
  const attempt = async (command: ModelCommand, by: Officer, expectedVersion = model.version) => {
    const stale = expectedVersion !== model.version;
    const counterKey = `${by.agency}#${yymmdd(now)}`;
    if (command.action === 'ACCEPT') command.sequence = (counters.get(counterKey) ?? 0) + 1;
    const verdict = stale ? ({ ok: false, code: 'STALE_VERSION' } as const) : decide(model, command, by, now);
    const before = current;
    const outcome = await sut.act(id, expectedVersion, toSystem(command, `${id}-${model.version + 1}`), by.caller, now);
    const label = `${command.action}${describe(command)} by ${by.caller.officerId} @${now.toISOString()} v${expectedVersion}`;
    trail.push(`${label}: model ${verdict.ok ? 'OK' : verdict.code}, system ${outcome.ok ? 'OK' : `${outcome.code} (${outcome.message})`}`);
    if (!stale) tally.actions += 1;
    expect(outcome.ok ? 'OK' : outcome.code, `${label}: the system's answer`).toBe(verdict.ok ? 'OK' : verdict.code);
    current = await sut.read(id);
    if (!verdict.ok) {
      tally.add(tally.refused, verdict.code);
      // A refused action changes nothing: same head, same history.
      expect(current.head, `${label}: a refused action changed the head`).toEqual(before.head);
      expect(current.history, `${label}: a refused action changed the history`).toEqual(before.history);
      return;
    }
    tally.add(tally.accepted, command.action);
    if (command.action === 'ACCEPT') counters.set(counterKey, command.sequence!);
    if (verdict.next.issuedOutsideCompetence && !model.issuedOutsideCompetence) tally.issuedOutsideCompetence += 1;
    model = verdict.next;
    const event = current.history.at(-1)!;
    expect(
      { type: event.type, version: event.version, at: event.at, officerId: event.actor.officerId, agency: event.actor.agencyCode, statusAfter: event.statusAfter, phaseAfter: event.phaseAfter ?? null },
      `${label}: the recorded event`,
    ).toEqual({ type: EVENT_TYPE[command.action], version: model.version, at: now.toISOString(), officerId: by.caller.officerId, agency: by.agency, statusAfter: verdict.event.statusAfter, phaseAfter: verdict.event.phaseAfter ?? null });
    checkHead(label);
  };

  /** The receiver's queue delivers the pending handoff (or delivers it again: nothing happens). */
  const delivery = async (handoff: NonNullable<ModelDossier['handoff']>) => {
    const first = !handoff.delivered;
    const handoffId = `${id}-${handoff.id}`;
    const wasTerminal = TERMINAL.has(model.status);
    const outcome = await sut.deliver(id, handoffId, handoff.to, now);
    const label = `deliver ${handoffId} to ${handoff.to} @${now.toISOString()}`;
    trail.push(`${label}: ${outcome}`);
    expect(outcome, label).toBe(first ? 'DELIVERED' : 'ALREADY_DELIVERED');
    if (first) {
      tally.deliveries += 1;
      if (wasTerminal) tally.deliveredAfterTerminal += 1;
      model = deliverInModel(model)!;
    } else tally.redeliveries += 1;
    current = await sut.read(id);
    if (first) expect(current.history.at(-1)?.type, label).toBe('DELIVERED');
    checkHead(label);
  };

  const run = async () => {
    checkHead('submitted');
    for (const step of scenario.steps) {
      now = new Date(now.getTime() + step.advance);
      // The receiver's queue usually delivers a pending handoff before anything else happens.
      if (model.handoff && (step.kind === 'deliver' || (step.kind === 'guided' && !model.handoff.delivered && step.c % 8 !== 0))) {
        await delivery(model.handoff);
        continue;
      }
      if (step.kind === 'stale' && sut.guardsVersions && model.version >= 2) {
        // An officer acting on a version someone else has already moved on from.
        tally.staleProbes += 1;
        const action = ACTION_NAMES[step.b % ACTION_NAMES.length]!;
        await attempt(inputs(action, model, now, step.c)[0]!.command, OFFICERS[step.a % OFFICERS.length]!, 1 + (step.c % (model.version - 1)));
        continue;
      }
      const choice = step.kind === 'guided' ? guided(model, now, step) : step.kind === 'flawed' ? flawed(model, now, step) : undefined;
      await attempt(structuredClone(choice?.command ?? randomInput(model, now, step).command), choice?.by ?? OFFICERS[step.b % OFFICERS.length]!);
    }
    // However it ended: if terminal, nothing more may happen, whoever tries (every action on the
    // pure domain; a rotating quarter of them on the slower system).
    if (TERMINAL.has(model.status)) {
      const share = sut.guardsVersions ? 4 : 1;
      for (const action of ACTION_NAMES.filter((_, index) => index % share === scenario.start % share)) {
        tally.terminalProbes += 1;
        const by = allRoles(model.holder ?? model.oneStop);
        const input = inputs(action, model, now, 0)[0]!;
        expect(decide(model, input.command, by, now).ok, `the model itself allows ${action} from ${model.status}`).toBe(false);
        await attempt(structuredClone(input.command), by);
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
}

/** The command's input, shortly, for the trail printed with a failure. */
function describe(command: ModelCommand): string {
  const { action: _action, ...input } = command;
  const shown = Object.entries(input).map(([key, value]) => `${key}=${value instanceof Date ? value.toISOString() : JSON.stringify(value)}`);
  return shown.length > 0 ? `(${shown.join(' ')})` : '';
}

type Choice = { command: ModelCommand; by: Officer };

/** A step the model says will succeed: an action (weighted), then an officer who may take it. */
function guided(model: ModelDossier, now: Date, step: StepSpec): Choice | undefined {
  const options = new Map<ActionName, Choice[]>();
  for (const action of ACTION_NAMES) {
    const valid = inputs(action, model, now, step.c).filter((input) => !input.flaw);
    for (const by of OFFICERS) {
      if (!authorized(model, action, by)) continue;
      for (const input of valid) {
        if (decide(model, input.command, by, now).ok) options.set(action, [...(options.get(action) ?? []), { command: input.command, by }]);
      }
    }
  }
  // Re-assigning an assigned dossier is allowed, but rarely what moves it on.
  const weight = (action: ActionName) => (action === 'ASSIGN' && model.phase === 'ASSIGNED' ? 1 : GUIDED_WEIGHT[action]);
  const weighted = [...options.keys()].flatMap((action) => Array<ActionName>(weight(action)).fill(action));
  if (weighted.length === 0) return undefined;
  const choices = options.get(weighted[step.a % weighted.length]!)!;
  return choices[step.b % choices.length];
}

/** A step past who / where / when, so that the action's own rules judge it: usually with a flaw. */
function flawed(model: ModelDossier, now: Date, step: StepSpec): Choice | undefined {
  const options: Choice[] = [];
  for (const action of ACTION_NAMES) {
    const all = inputs(action, model, now, step.c);
    const bad = all.filter((input) => input.flaw);
    // Actions with nothing to get wrong are left to the other steps, except those with rules of
    // their own (the route, the apology window, where the result is returned).
    const ownRules = action === 'APOLOGIZE' || action === 'TRANSFER' || action === 'RETURN_RESULT';
    if (bad.length === 0 && !ownRules) continue;
    const candidates = bad.length > 0 && (step.c % 5 !== 0 || !ownRules) ? bad : all;
    const by = OFFICERS.filter((officer) => authorized(model, action, officer));
    if (by.length === 0) continue;
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
