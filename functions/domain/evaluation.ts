import { badInput } from './errors';

/**
 * The quarterly agency evaluation (issue 12): nine criteria of two points each (18), graded.
 * Criteria, points and grade bands are versioned data [P: a real provincial one-stop (TH),
 * domain.md Appendix D "Satisfaction"; whether Decree 118/2025 keeps them: U]: the province
 * changes them by adding a version with the first quarter it applies to; a past quarter is always
 * scored with the version that applied then.
 *
 * A criterion is filled from a figure where the system measures one (`figure`), otherwise by the
 * agency (an agency head's mutation). A figure's rate (0–100 %) gives `maxPoints × rate`, 2 decimals
 * [U: the source gives no formula; linear is our choice].
 */
export type EvaluationFigure =
  /**
   * On time ÷ (closed + open overdue) at the agency in the quarter: the 766 read model's figure
   * (issue 12's index). Until a source is wired in services/evaluation.ts, the agency scores it.
   */
  | 'ON_TIME_PERCENT'
  /** Rất hài lòng + hài lòng ÷ ratings of the agency's dossiers in the quarter (services/satisfaction.ts). */
  | 'SATISFIED_PERCENT'
  /** PAKN answered on time ÷ PAKN due in the quarter at the agency (services/feedback.ts). */
  | 'FEEDBACK_ON_TIME_PERCENT';

export interface EvaluationCriterion {
  code: string;
  /** Vietnamese, user-facing. */
  name: string;
  maxPoints: number;
  figure?: EvaluationFigure;
}

export interface GradeBand {
  grade: 'EXCELLENT' | 'GOOD' | 'FAIR' | 'AVERAGE' | 'WEAK';
  label: string;
  /** The total must be above (`above`) or at least (`atLeast`) this; bands are tried in order. */
  above?: number;
  atLeast?: number;
}

export interface EvaluationRules {
  version: number;
  /** The first quarter the version applies to, `YYYY-Qn`. */
  from: string;
  source: string;
  criteria: readonly EvaluationCriterion[];
  grades: readonly GradeBand[];
}

export const EVALUATION_RULES: readonly EvaluationRules[] = [
  {
    version: 1,
    from: '2025-Q1',
    source: '[P] TH practice (domain.md Appendix D); criteria of Decree 61/2018 art. 33 as recalled [U]; figure mapping and band edges [U]',
    criteria: [
      { code: 'TOTAL_TIME', name: 'Tổng thời gian giải quyết so với quy định', maxPoints: 2, figure: 'ON_TIME_PERCENT' },
      { code: 'TIME_PER_AGENCY', name: 'Thời gian thực hiện tại từng cơ quan', maxPoints: 2 },
      { code: 'CONTACTS', name: 'Số lần phải liên hệ để hoàn thiện hồ sơ', maxPoints: 2 },
      { code: 'AGENCIES_CONTACTED', name: 'Số cơ quan phải liên hệ', maxPoints: 2 },
      { code: 'ONE_STOP_HANDLING', name: 'Việc tiếp nhận, trả kết quả tại Bộ phận Một cửa', maxPoints: 2 },
      { code: 'PUBLICITY', name: 'Công khai thủ tục hành chính', maxPoints: 2 },
      { code: 'STAFF_ATTITUDE', name: 'Thái độ của cán bộ, công chức', maxPoints: 2, figure: 'SATISFIED_PERCENT' },
      { code: 'FEEDBACK_HANDLING', name: 'Tiếp nhận, xử lý phản ánh, kiến nghị', maxPoints: 2, figure: 'FEEDBACK_ON_TIME_PERCENT' },
      { code: 'ONLINE_SERVICE', name: 'Chất lượng dịch vụ công trực tuyến', maxPoints: 2 },
    ],
    // "> 15 excellent, 12–15 good, 9–12 fair, 6–9 average, < 6 weak": a shared edge goes to the higher band [U].
    grades: [
      { grade: 'EXCELLENT', label: 'Xuất sắc', above: 15 },
      { grade: 'GOOD', label: 'Tốt', atLeast: 12 },
      { grade: 'FAIR', label: 'Khá', atLeast: 9 },
      { grade: 'AVERAGE', label: 'Trung bình', atLeast: 6 },
      { grade: 'WEAK', label: 'Yếu', atLeast: 0 },
    ],
  },
];

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function checkQuarter(quarter: string): void {
  if (!QUARTER.test(quarter)) throw badInput('quarter', 'A quarter like 2026-Q4');
}

/** The quarter's first and last VN civil dates. */
export function quarterDays(quarter: string): { from: string; to: string } {
  checkQuarter(quarter);
  const [, year, n] = QUARTER.exec(quarter)!;
  const first = (Number(n) - 1) * 3 + 1;
  const last = new Date(Date.UTC(Number(year), first + 2, 0)).getUTCDate();
  const pad = (value: number) => String(value).padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${pad(last)}` };
}

const CRITERION_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
const FIGURES: readonly EvaluationFigure[] = ['ON_TIME_PERCENT', 'SATISFIED_PERCENT', 'FEEDBACK_ON_TIME_PERCENT'];

/** A version the province publishes: from a quarter not yet begun, so no past quarter changes its score. */
export type EvaluationRulesDraft = Omit<EvaluationRules, 'version'>;

export function checkEvaluationRules(draft: EvaluationRulesDraft, versions: readonly EvaluationRules[], currentQuarter: string): void {
  checkQuarter(draft.from);
  if (draft.from <= currentQuarter) throw badInput('from', `A new version applies from a later quarter than ${currentQuarter}`);
  if (versions.some((rules) => rules.from >= draft.from)) throw badInput('from', 'A version already applies from that quarter or later');
  if (!draft.source.trim() || draft.source.length > 1000)
    throw badInput('source', 'Say where the rules come from (at most 1000 characters)');
  if (draft.criteria.length < 1 || draft.criteria.length > 20) throw badInput('criteria', 'From 1 to 20 criteria');
  const codes = new Set<string>();
  for (const [index, criterion] of draft.criteria.entries()) {
    const field = `criteria[${index}]`;
    if (!CRITERION_CODE.test(criterion.code) || codes.has(criterion.code))
      throw badInput(`${field}.code`, 'A new code of capitals, digits and _');
    codes.add(criterion.code);
    if (!criterion.name.trim() || criterion.name.length > 300) throw badInput(`${field}.name`, 'A name of at most 300 characters');
    if (!(criterion.maxPoints > 0 && criterion.maxPoints <= 10 && (criterion.maxPoints * 2) % 1 === 0))
      throw badInput(`${field}.maxPoints`, 'From 0.5 to 10 points, in halves');
    if (criterion.figure !== undefined && !FIGURES.includes(criterion.figure)) throw badInput(`${field}.figure`, 'Unknown figure');
  }
  if (draft.grades.length < 1 || draft.grades.length > 10) throw badInput('grades', 'From 1 to 10 grade bands');
  let previous = Number.POSITIVE_INFINITY;
  for (const [index, band] of draft.grades.entries()) {
    const threshold = band.above ?? band.atLeast;
    if ((band.above === undefined) === (band.atLeast === undefined) || threshold === undefined || !Number.isFinite(threshold))
      throw badInput(`grades[${index}]`, 'Each band has either `above` or `atLeast`');
    if (threshold > previous) throw badInput(`grades[${index}]`, 'Bands go from the highest threshold down');
    if (!band.label.trim()) throw badInput(`grades[${index}].label`, 'A label');
    previous = threshold;
  }
}

/** The version that applied in `quarter`. */
export function rulesFor(quarter: string, versions: readonly EvaluationRules[] = EVALUATION_RULES): EvaluationRules {
  checkQuarter(quarter);
  const applying = versions.filter((rules) => rules.from <= quarter).sort((a, b) => b.from.localeCompare(a.from));
  if (!applying[0]) throw badInput('quarter', `No evaluation rules apply to ${quarter}`);
  return applying[0];
}

export interface AgencyScore {
  criterion: string;
  points: number;
  note?: string;
}

/**
 * The agency's scores, checked against the version: known criteria, 0..max in halves. A score for a
 * criterion with a figure counts only in a quarter where the figure has nothing to measure.
 */
export function checkAgencyScores(rules: EvaluationRules, scores: readonly AgencyScore[]): void {
  const seen = new Set<string>();
  for (const [index, score] of scores.entries()) {
    const criterion = rules.criteria.find((candidate) => candidate.code === score.criterion);
    const field = `scores[${index}]`;
    if (!criterion) throw badInput(`${field}.criterion`, `No criterion ${score.criterion} in evaluation rules v${rules.version}`);
    if (seen.has(score.criterion)) throw badInput(`${field}.criterion`, `${score.criterion} is given twice`);
    seen.add(score.criterion);
    if (!Number.isFinite(score.points) || score.points < 0 || score.points > criterion.maxPoints || (score.points * 2) % 1 !== 0)
      throw badInput(`${field}.points`, `Points from 0 to ${criterion.maxPoints}, in halves`);
    if (score.note && score.note.length > 1000) throw badInput(`${field}.note`, 'A note is at most 1000 characters');
  }
}

export interface CriterionResult {
  criterion: EvaluationCriterion;
  /** Null while neither a figure nor the agency gives it. */
  points: number | null;
  source: 'FIGURE' | 'AGENCY' | 'MISSING';
  /** The measured rate (%), for criteria filled from a figure; null when there was nothing to measure ("N/A"). */
  figurePercent?: number | null;
  note?: string;
}

export interface Evaluation {
  quarter: string;
  rules: EvaluationRules;
  criteria: CriterionResult[];
  total: number;
  maxTotal: number;
  /** Only once every criterion has points. */
  grade: GradeBand | null;
  complete: boolean;
}

/** Scores the quarter: figures first, then the agency's scores; a figure with nothing measured falls back to the agency. */
export function evaluate(
  quarter: string,
  rules: EvaluationRules,
  figures: Readonly<Partial<Record<EvaluationFigure, number | null>>>,
  agencyScores: readonly AgencyScore[],
): Evaluation {
  const criteria = rules.criteria.map((criterion): CriterionResult => {
    const measured = criterion.figure ? figures[criterion.figure] : undefined;
    if (criterion.figure && measured !== undefined && measured !== null)
      return { criterion, points: Math.round(criterion.maxPoints * measured) / 100, source: 'FIGURE', figurePercent: measured };
    const given = agencyScores.find((score) => score.criterion === criterion.code);
    const figurePart = criterion.figure ? { figurePercent: null } : {};
    if (given) return { criterion, points: given.points, source: 'AGENCY', ...figurePart, ...(given.note ? { note: given.note } : {}) };
    return { criterion, points: null, source: 'MISSING', ...figurePart };
  });
  const total = Math.round(criteria.reduce((sum, result) => sum + (result.points ?? 0), 0) * 100) / 100;
  const complete = criteria.every((result) => result.points !== null);
  return {
    quarter,
    rules,
    criteria,
    total,
    maxTotal: rules.criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0),
    grade: complete ? gradeOf(rules, total) : null,
    complete,
  };
}

export function gradeOf(rules: EvaluationRules, total: number): GradeBand {
  const band = rules.grades.find((candidate) =>
    candidate.above !== undefined ? total > candidate.above : total >= (candidate.atLeast ?? Number.NEGATIVE_INFINITY),
  );
  return band ?? rules.grades[rules.grades.length - 1]!;
}
