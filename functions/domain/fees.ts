import type { Dossier } from './dossier';
import { badInput, IllegalActionError } from './errors';

/**
 * Fees and charges (phí, lệ phí) per dossier: what was assessed, whether each line is paid and how
 * (online through the national portal, or at the counter). Decision 766's payment indicators
 * (3.5, 3.6) read these: a dossier "paid online" has every paid line paid via PORTAL.
 */
export type FeeKind = 'FEE' | 'CHARGE';
export type PaidVia = 'PORTAL' | 'COUNTER';

export interface Fee {
  /** The fee's code in the procedure's fee list (MaPhiLePhi). */
  code: string;
  name: string;
  /** Whole đồng (VND has no minor unit). */
  amount: number;
  kind: FeeKind;
}

export interface DossierFee extends Fee {
  paid?: { via: PaidVia; at: string };
}

const FEE_CODE = /^[A-Za-z0-9._-]{1,40}$/;
const MAX_FEES = 20;
/** A sanity bound, not a legal one: no procedure fee comes near 10 billion đồng. */
const MAX_AMOUNT = 10_000_000_000;

/** Checks an assessment as the officer (or the portal) gives it; a bad line names its field. */
export function checkFees(fees: readonly Fee[], field = 'fees'): Fee[] {
  if (fees.length === 0) throw badInput(field, 'List at least one fee');
  if (fees.length > MAX_FEES) throw badInput(field, `At most ${MAX_FEES} fees per dossier`);
  const codes = new Set<string>();
  return fees.map((fee, index) => {
    const at = `${field}[${index}]`;
    if (!FEE_CODE.test(fee.code)) throw badInput(`${at}.code`, 'A fee code is 1–40 letters, digits, dots, dashes or underscores');
    if (codes.has(fee.code)) throw badInput(`${at}.code`, `Fee ${fee.code} is listed twice`);
    codes.add(fee.code);
    if (!fee.name?.trim() || fee.name.length > 300) throw badInput(`${at}.name`, 'A fee needs a name of at most 300 characters');
    if (!Number.isInteger(fee.amount) || fee.amount < 0 || fee.amount > MAX_AMOUNT)
      throw badInput(`${at}.amount`, 'The amount is a whole number of đồng, 0 or more');
    if (fee.kind !== 'FEE' && fee.kind !== 'CHARGE') throw badInput(`${at}.kind`, 'A fee is FEE (phí) or CHARGE (lệ phí)');
    return { code: fee.code, name: fee.name, amount: fee.amount, kind: fee.kind };
  });
}

/**
 * A new assessment replaces the unpaid lines; a line already paid stays as it was paid (the money
 * was taken), so an assessment may not change a paid line's amount.
 */
export function assessedFees(current: readonly DossierFee[] | undefined, assessed: readonly Fee[]): DossierFee[] {
  const paid = new Map((current ?? []).filter((fee) => fee.paid).map((fee) => [fee.code, fee]));
  for (const fee of assessed) {
    const before = paid.get(fee.code);
    if (before && before.amount !== fee.amount)
      throw new IllegalActionError(`Fee ${fee.code} is paid already: its amount cannot change`, { feeCode: fee.code });
  }
  const kept = [...paid.values()].filter((fee) => !assessed.some((line) => line.code === fee.code));
  return [...kept, ...assessed.map((fee) => paid.get(fee.code) ?? { ...fee })];
}

/** The line a payment settles: assessed and not paid yet. */
export function checkPayable(dossier: Pick<Dossier, 'id' | 'fees'>, code: string): void {
  const fee = dossier.fees?.find((line) => line.code === code);
  if (!fee) throw badInput('code', `No fee ${code} was assessed on dossier ${dossier.id}`, { feeCode: code });
  if (fee.paid)
    throw new IllegalActionError(`Fee ${code} was paid already (${fee.paid.via}, ${fee.paid.at})`, {
      feeCode: code,
      paidVia: fee.paid.via,
    });
}

export const withPayment = (fees: readonly DossierFee[], code: string, via: PaidVia, at: string): DossierFee[] =>
  fees.map((fee) => (fee.code === code ? { ...fee, paid: { via, at } } : fee));

/** The dossier's fee summary, as 766 reads it: nothing due when every line is 0 (indicator 3.6 excludes those). */
export function feeSummary(fees: readonly DossierFee[] | undefined) {
  const lines = fees ?? [];
  const due = lines.reduce((sum, fee) => sum + fee.amount, 0);
  const paid = lines.filter((fee) => fee.paid).reduce((sum, fee) => sum + fee.amount, 0);
  const payable = lines.filter((fee) => fee.amount > 0);
  return {
    total: due,
    paid,
    fullyPaid: payable.every((fee) => fee.paid !== undefined),
    paidOnline: payable.length > 0 && payable.every((fee) => fee.paid?.via === 'PORTAL'),
    feeBearing: payable.length > 0,
  };
}
