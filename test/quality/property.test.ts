import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verdict } from '#domain/calendar/deadline';
import { type Figures, figuresOf, foldEvents, periodOf, type Range, type StatsEvent, vnDay } from '#domain/quality';
import { Story } from './story';

/**
 * Property: the read model's figures (flows per day, stocks as running sums) equal a from-scratch
 * judgement of every dossier's history as of each period, written straight from the 766 rules.
 * CI-sized by default; QUALITY_FULL=1 for the long run.
 */
const RUNS = process.env.QUALITY_FULL === '1' ? 2_000 : 60;

type Step = {
  kind: 'SUPPLEMENT' | 'ANSWER' | 'APOLOGY' | 'ISSUE' | 'WITHDRAW' | 'STOP' | 'RATE' | 'FEES' | 'PAY';
  gapHours: number;
  dueDays: number;
};
const stepArb = fc.record({
  kind: fc.constantFrom('SUPPLEMENT', 'ANSWER', 'APOLOGY', 'ISSUE', 'WITHDRAW', 'STOP', 'RATE', 'FEES', 'PAY'),
  gapHours: fc.integer({ min: 1, max: 120 }),
  dueDays: fc.integer({ min: 0, max: 12 }),
}) as fc.Arbitrary<Step>;
const dossierArb = fc.record({
  agency: fc.constantFrom('AG1', 'AG2'),
  channel: fc.constantFrom('DIRECT', 'ONLINE', 'POSTAL') as fc.Arbitrary<'DIRECT' | 'ONLINE' | 'POSTAL'>,
  start: fc.integer({ min: 0, max: 100 * 24 }),
  opening: fc.constantFrom('ACCEPT', 'ACCEPT', 'ACCEPT', 'REFUSE'),
  dueDays: fc.integer({ min: 0, max: 10 }),
  steps: fc.array(stepArb, { maxLength: 7 }),
});

type Drawn = typeof dossierArb extends fc.Arbitrary<infer T> ? T : never;

const BASE = Date.parse('2025-11-20T02:00:00Z');
const local = (ms: number) => {
  const d = new Date(ms + 7 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
};
const dueAfter = (ms: number, days: number) => `${local(ms + days * 86_400_000).slice(0, 10)} 17:00`;

/** A valid history from the drawn steps (steps that do not fit the state are skipped). */
function story(id: string, d: Drawn): Story {
  const s = new Story(id, { agency: d.agency, procedure: `P-${d.agency}`, channel: d.channel });
  let t = BASE + d.start * 3_600_000;
  if (d.opening === 'REFUSE') return s.submitted(local(t)).refused(local(t + 3_600_000));
  s.received(local(t), dueAfter(t, d.dueDays));
  let state: 'OPEN' | 'PAUSED' | 'RESOLVED' | 'CLOSED' = 'OPEN';
  let rated = false;
  const open = () => state === 'OPEN' || state === 'PAUSED';
  for (const step of d.steps) {
    t += step.gapHours * 3_600_000;
    const at = local(t);
    if (step.kind === 'SUPPLEMENT' && state === 'OPEN') {
      s.supplementRequested(at);
      state = 'PAUSED';
    } else if (step.kind === 'ANSWER' && state === 'PAUSED') {
      s.supplementReceived(at, dueAfter(t, step.dueDays));
      state = 'OPEN';
    } else if (step.kind === 'APOLOGY' && state === 'OPEN') {
      s.apologized(at, dueAfter(t, step.dueDays + 1));
    } else if (step.kind === 'ISSUE' && state === 'OPEN') {
      s.issued(at);
      state = 'RESOLVED';
    } else if ((step.kind === 'WITHDRAW' || step.kind === 'STOP') && open()) {
      if (step.kind === 'WITHDRAW') s.withdrawn(at);
      else s.stopped(at);
      state = 'CLOSED';
    } else if (step.kind === 'RATE' && state === 'RESOLVED' && !rated) {
      s.returned(at).rated(local(t + 60_000), step.dueDays % 3 === 0 ? 'DISSATISFIED' : 'SATISFIED');
      rated = true;
    } else if (step.kind === 'FEES' && state !== 'CLOSED') {
      s.feesAssessed(at, step.dueDays * 1000);
    } else if (step.kind === 'PAY' && state !== 'CLOSED') {
      s.feePaid(at, step.dueDays % 2 ? 'PORTAL' : 'COUNTER');
    }
  }
  return s;
}

/** The oracle: each dossier judged from its own history as of the end of the period, by the rules. */
function oracle(events: readonly StatsEvent[], range: Range): Partial<Figures> {
  const f = {
    received: 0,
    carriedOver: 0,
    resolvedEarly: 0,
    resolvedOnTime: 0,
    resolvedLate: 0,
    inProcessOnTime: 0,
    inProcessOverdue: 0,
    supplements: 0,
    refusals: 0,
    ratings: 0,
    feeBearing: 0,
    paidOnline: 0,
  };
  const byDossier = new Map<string, StatsEvent[]>();
  for (const event of events) byDossier.set(event.dossierId, [...(byDossier.get(event.dossierId) ?? []), event]);
  for (const history of byDossier.values()) {
    let receivedDay: string | undefined;
    let due = 0;
    let pausedAt: number | undefined;
    let requests = 0;
    let sticky = false;
    let closed: { day: string; outcome: 'EARLY' | 'ON_TIME' | 'LATE' } | undefined;
    let fee = false;
    let paid = false;
    for (const event of history) {
      const t = Date.parse(event.at);
      const day = vnDay(event.at);
      const inRange = day >= range.from && day <= range.to;
      if (day > range.to) break;
      if (receivedDay && !closed && pausedAt === undefined && t > due) sticky = true;
      if (event.type === 'REFUSED' && inRange) f.refusals += 1;
      if (event.type === 'ACCEPTED') [receivedDay, due] = [day, Date.parse(event.dueAt)];
      if (event.type === 'RATED' && inRange) f.ratings += 1;
      if (event.type === 'FEES_ASSESSED' && !fee && event.fees.some((x) => x.amount > 0)) {
        fee = true;
        if (inRange) f.feeBearing += 1;
      }
      if (event.type === 'FEE_PAID' && !paid && event.paidVia === 'PORTAL') {
        paid = true;
        if (inRange) f.paidOnline += 1;
      }
      if (!receivedDay || closed) continue;
      if (event.type === 'SUPPLEMENT_REQUESTED') {
        requests += 1;
        if (inRange) f.supplements += 1;
        pausedAt ??= t;
        if (requests >= 2) sticky = true;
      }
      if (event.type === 'SUPPLEMENT_RECEIVED') [pausedAt, due] = [undefined, Date.parse(event.dueAt ?? '')];
      if (event.type === 'ISSUED' || event.type === 'WITHDRAWN' || event.type === 'STOPPED') {
        const end = pausedAt ?? t;
        const late = sticky || end > due;
        closed = { day, outcome: late ? 'LATE' : verdict(new Date(end), new Date(due)) };
      }
    }
    if (!receivedDay) continue;
    if (receivedDay >= range.from) f.received += 1;
    else if (!closed || closed.day >= range.from) f.carriedOver += 1;
    if (closed && closed.day >= range.from) {
      const key = closed.outcome === 'EARLY' ? 'resolvedEarly' : closed.outcome === 'ON_TIME' ? 'resolvedOnTime' : 'resolvedLate';
      f[key] += 1;
    }
    if (!closed) {
      const overdue = sticky || (pausedAt === undefined && vnDay(new Date(due)) <= range.to);
      f[overdue ? 'inProcessOverdue' : 'inProcessOnTime'] += 1;
    }
  }
  return f;
}

const RANGES: Range[] = [
  periodOf('MONTH', 2025, 12),
  periodOf('MONTH', 2026, 1, 15),
  periodOf('QUARTER', 2026, 1),
  periodOf('MONTH', 2026, 2),
];

describe('the read model against a from-scratch judgement of the events', () => {
  it('gives the same figures for every period, agency and outcome', () => {
    fc.assert(
      fc.property(fc.array(dossierArb, { minLength: 1, maxLength: 25 }), (drawn) => {
        const events = drawn.flatMap((d, i) => story(`d${i}`, d).events);
        const { cells } = foldEvents(events);
        for (const range of RANGES) {
          for (const agency of ['AG1', 'AG2']) {
            const mine = [...cells.values()].filter((cell) => cell.agency === agency);
            const expected = oracle(
              events.filter((event) => event.dossierId && drawn[Number(event.dossierId.slice(1))]?.agency === agency),
              range,
            );
            const actual = figuresOf(mine, range);
            expect(Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key as keyof Figures]]))).toEqual(expected);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('lands on the same cells whatever the order of dossiers and however often a history is replayed', () => {
    fc.assert(
      fc.property(fc.array(dossierArb, { minLength: 1, maxLength: 10 }), (drawn) => {
        const events = drawn.flatMap((d, i) => story(`d${i}`, d).events);
        const once = foldEvents(events).cells;
        const shuffled = foldEvents([...events].reverse()).cells;
        expect(new Map([...shuffled].sort())).toEqual(new Map([...once].sort()));
      }),
      { numRuns: RUNS },
    );
  });
});
