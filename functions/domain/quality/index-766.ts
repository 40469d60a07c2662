import { badInput } from '../errors';
import type { Figures } from './figures';
import { INDEX_VERSIONS, type IndexVersion, type LocalRate, type Marker, type Rule, versionFor } from './index-versions';

/** A rate with its parts; `value` null when the denominator is zero ("N/A"). */
export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

export const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

/** The local rates of the index, and the satisfaction rate shown beside the portal's. */
export function localRates(f: Figures): Record<LocalRate | 'satisfaction', Rate> {
  return {
    // On time ÷ (closed + open overdue): open overdue dossiers count against the rate (issue 12).
    onTime: rate(f.resolvedEarly + f.resolvedOnTime, f.resolved + f.inProcessOverdue),
    online: rate(f.receivedOnline, f.received),
    paidOnline: rate(f.paidOnline, f.feeBearing),
    eResult: rate(f.eResults, f.resolved),
    digitised: rate(f.digitised, f.received),
    reused: rate(f.reused, f.received),
    satisfaction: rate(f.ratedVerySatisfied + f.ratedSatisfied, f.ratings),
  };
}

export type IndicatorStatus = 'COMPUTED' | 'NOT_APPLICABLE' | 'PORTAL_ONLY';

export interface IndicatorScore {
  code: string;
  name: string;
  max: number;
  status: IndicatorStatus;
  points: number | null;
  rate: Rate | null;
  marker: Marker;
  source: string;
  rule: string;
}

export interface GroupScore {
  code: number;
  name: string;
  max: number;
  marker: Marker;
  /** Points of the indicators computed here; the portal-only ones are not invented. */
  points: number;
  computedMax: number;
  indicators: IndicatorScore[];
}

export interface IndexScore {
  version: string;
  versionSource: string;
  points: number;
  computedMax: number;
  groups: GroupScore[];
  satisfaction: Rate;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function describe(rule: Rule): string {
  switch (rule.kind) {
    case 'PROPORTIONAL':
      return `tỷ lệ × điểm tối đa`;
    case 'FULL_FROM':
      return `≥ ${rule.threshold * 100} % đạt điểm tối đa, dưới đó tỷ lệ ÷ ${rule.threshold * 100} % × điểm tối đa`;
    case 'PORTAL_ONLY':
      return `do Cổng DVCQG tính (${rule.why})`;
  }
}

function points(rule: Exclude<Rule, { kind: 'PORTAL_ONLY' }>, value: number, max: number): number {
  const scaled = rule.kind === 'PROPORTIONAL' ? value * max : value >= rule.threshold ? max : (value / rule.threshold) * max;
  return round2(Math.min(max, scaled));
}

/** Scores figures with the index version in force on `day` (a period's last day). */
export function scoreIndex(figures: Figures, day: string, versions: readonly IndexVersion[] = INDEX_VERSIONS): IndexScore {
  const version = versionFor(day, versions);
  if (!version) throw badInput('period', `No Decision 766 index version was in force on ${day}`);
  const rates = localRates(figures);
  const groups = version.groups.map((group): GroupScore => {
    const indicators = group.indicators.map((indicator): IndicatorScore => {
      const base = {
        code: indicator.code,
        name: indicator.name,
        max: indicator.max,
        marker: indicator.marker,
        source: indicator.source,
        rule: describe(indicator.rule),
      };
      if (indicator.rule.kind === 'PORTAL_ONLY') return { ...base, status: 'PORTAL_ONLY', points: null, rate: null };
      const r = rates[indicator.rule.rate];
      if (r.value === null) return { ...base, status: 'NOT_APPLICABLE', points: null, rate: r };
      return { ...base, status: 'COMPUTED', points: points(indicator.rule, r.value, indicator.max), rate: r };
    });
    const computed = indicators.filter((indicator) => indicator.status === 'COMPUTED');
    return {
      code: group.code,
      name: group.name,
      max: group.max,
      marker: group.marker,
      points: round2(computed.reduce((total, indicator) => total + (indicator.points ?? 0), 0)),
      computedMax: computed.reduce((total, indicator) => total + indicator.max, 0),
      indicators,
    };
  });
  return {
    version: version.id,
    versionSource: version.source,
    points: round2(groups.reduce((total, group) => total + group.points, 0)),
    computedMax: groups.reduce((total, group) => total + group.computedMax, 0),
    groups,
    satisfaction: rates.satisfaction,
  };
}

/** A rate for people: "N/A" for a zero denominator, else a percentage with 2 decimals. */
export const formatRate = (r: Rate): string => (r.value === null ? 'N/A' : `${round2(r.value * 100).toFixed(2)} %`);
