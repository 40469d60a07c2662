import { type Procedure, type RemoteDelivery, receptionLevel } from './catalog';
import type { AgencyRef } from './dossier';
import { BadInputError, ForbiddenError } from './errors';

/**
 * Which reception points may take a procedure, and where its result may go back, by the law in
 * force at the moment of receipt. Data by effective date: an amendment is one more entry here.
 *
 * - 2018 (Decree 61/2018): a one-stop receives the procedures of its own level (commune, district,
 *   province department); the result comes back to the one-stop that received it (domain.md §e.2).
 * - 2025 (Decree 118/2025 art. 14, 20, domain.md §b [V: vnbiznews summary]): the province's
 *   service centre and every commune centre receive any procedure on the province's list, whatever
 *   the applicant's residence and the procedure's level ("phi địa giới"); the result goes to the
 *   reception point the applicant chose, or by post or online where the procedure allows
 *   (domain.md §e.2(3) [P: Hà Nội study]).
 *
 * The boundary is the same instant as the rule sets' (regimes, 01/07/2025 00:00 Vietnam time).
 */
export interface ReceptionRule {
  id: '2018' | '2025';
  effectiveFrom: string;
  /** `PROCEDURE_LEVEL`: only one-stops at the procedure's reception level; `PROVINCE`: any reception point of the province. */
  scope: 'PROCEDURE_LEVEL' | 'PROVINCE';
  /** Whether the applicant may collect the result at a reception point other than the receiving one. */
  returnElsewhere: boolean;
  source: string;
}

export const RECEPTION_RULES: readonly ReceptionRule[] = [
  {
    id: '2018',
    effectiveFrom: '1970-01-01T00:00:00.000Z',
    scope: 'PROCEDURE_LEVEL',
    returnElsewhere: false,
    source: 'Nghị định 61/2018/NĐ-CP (one-stop of each level)',
  },
  {
    id: '2025',
    effectiveFrom: '2025-06-30T17:00:00.000Z',
    scope: 'PROVINCE',
    returnElsewhere: true,
    source: 'Nghị định 118/2025/NĐ-CP art. 14, 20 (tiếp nhận không phụ thuộc địa giới hành chính trong phạm vi tỉnh)',
  },
];

/** The rule in force at an instant: the latest that started at or before it. */
export function receptionRuleAt(instant: Date, rules: readonly ReceptionRule[] = RECEPTION_RULES): ReceptionRule {
  const time = instant.getTime();
  let found: ReceptionRule | undefined;
  for (const rule of rules)
    if (Date.parse(rule.effectiveFrom) <= time && (!found || rule.effectiveFrom > found.effectiveFrom)) found = rule;
  if (!found) throw new BadInputError(`No reception rule was in force at ${instant.toISOString()}`, { field: 'now' });
  return found;
}

/** A reception point as the submission sees it: its province, and whether its kind receives dossiers. */
export interface ReceptionPoint extends AgencyRef {
  /** False for agencies that decide but do not receive (a department, a public service unit); absent: receives. */
  receives?: boolean;
}

const provinceOf = (agencyCode: string) => agencyCode.split('.')[0];

/** Refuses a reception the rule does not allow (FORBIDDEN, nothing stored). */
export function checkReception(rule: ReceptionRule, receiving: ReceptionPoint, procedure: Procedure, subjectCommune: AgencyRef): void {
  if (receiving.receives === false) {
    throw new ForbiddenError(`${receiving.code} is not a reception point`, { agencyCode: receiving.code, rule: rule.id });
  }
  if (rule.scope === 'PROCEDURE_LEVEL' && receiving.level !== receptionLevel(procedure)) {
    throw new ForbiddenError(`Procedure ${procedure.code} is received at ${receptionLevel(procedure)} level, not at ${receiving.level}`, {
      procedureCode: procedure.code,
      receptionLevel: receptionLevel(procedure),
      rule: rule.id,
    });
  }
  if (rule.scope === 'PROVINCE' && provinceOf(receiving.code) !== provinceOf(subjectCommune.code)) {
    throw new ForbiddenError(`${receiving.code} receives for its own province only, not for an applicant of ${subjectCommune.code}`, {
      agencyCode: receiving.code,
      rule: rule.id,
    });
  }
}

/** How the result reaches the applicant, chosen at submission and kept on the dossier. */
export type ResultDeliveryMode = 'RECEPTION_POINT' | RemoteDelivery;

export interface ResultDelivery {
  mode: ResultDeliveryMode;
  /** The reception point that hands the result over, or sends it by post or online. */
  agencyCode: string;
}

export interface DeliveryChoice {
  mode?: ResultDeliveryMode;
  /** Another reception point of the province (mode RECEPTION_POINT only). */
  returnAt?: ReceptionPoint;
}

/**
 * The applicant's choice, checked: by default the receiving point; another reception point of the
 * province where the rule allows it; by post or online where the procedure allows it (then the
 * receiving point sends it). Bad choices are BAD_INPUT on `resultDelivery` / `returnAt`.
 */
export function chooseDelivery(
  rule: ReceptionRule,
  procedure: Procedure,
  receiving: ReceptionPoint,
  choice: DeliveryChoice = {},
): { delivery: ResultDelivery; returning: AgencyRef } {
  const mode = choice.mode ?? 'RECEPTION_POINT';
  if (mode !== 'RECEPTION_POINT') {
    if (choice.returnAt)
      throw new BadInputError('A result sent by post or online has no reception point to return at', { field: 'returnAt' });
    if (!(procedure.remoteDelivery ?? []).includes(mode)) {
      throw new BadInputError(`Procedure ${procedure.code} does not allow results delivered ${mode === 'POSTAL' ? 'by post' : 'online'}`, {
        field: 'resultDelivery',
        allowed: ['RECEPTION_POINT', ...(procedure.remoteDelivery ?? [])],
      });
    }
    return { delivery: { mode, agencyCode: receiving.code }, returning: receiving };
  }
  const returning = choice.returnAt ?? receiving;
  if (returning.code !== receiving.code) {
    if (!rule.returnElsewhere) {
      throw new BadInputError(`Under the ${rule.id} rules the result is returned where the dossier was handed in`, {
        field: 'returnAt',
        rule: rule.id,
      });
    }
    if (returning.receives === false || provinceOf(returning.code) !== provinceOf(receiving.code)) {
      throw new BadInputError(`${returning.code} is not a reception point of this province`, { field: 'returnAt' });
    }
  }
  const { code, identifier, level } = returning;
  return { delivery: { mode, agencyCode: code }, returning: { code, identifier, level } };
}
