import { permits } from '#domain/authorization';
import { toVnIso } from '#domain/calendar';
import type { Dossier } from '#domain/dossier';
import { badInput, DossierNotFoundError } from '#domain/errors';
import type { Actor } from '#domain/events';
import type { Caller } from '#domain/lifecycle';
import {
  APPLICANT_ACTOR,
  addCounts,
  checkRating,
  type LevelCounts,
  NO_RATINGS,
  type RatingInput,
  rate,
  type SatisfactionFigures,
  satisfactionFigures,
} from '#domain/satisfaction';
import type { SatisfactionPartition, SatisfactionRow } from '../store';
import type { ServiceDeps } from './deps';
import { publicLookup } from './lookup';

/** What a rating answers: that it was recorded, never what it was. */
export interface RatingReceipt {
  dossierCode: string;
  ratedAt: string;
}

export interface SatisfactionScope {
  agencyCode?: string | undefined;
  procedureCode?: string | undefined;
}

export interface SatisfactionReport {
  agencyCode: string | null;
  procedureCode: string | null;
  from: string;
  to: string;
  figures: SatisfactionFigures;
  byAgency: { agencyCode: string; figures: SatisfactionFigures }[];
  byProcedure: { procedureCode: string; figures: SatisfactionFigures }[];
  /** Per calendar month (YYYY-MM) of the period, for trends. */
  byMonth: { month: string; figures: SatisfactionFigures }[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PERIOD_DAYS = 3 * 366;

export function satisfactionService(deps: ServiceDeps) {
  async function commit(dossier: Dossier, input: RatingInput, actor: Actor): Promise<RatingReceipt> {
    const now = deps.now();
    const transition = rate(dossier, input, { now, actor });
    const cell = { agencyCode: dossier.competentAgency, procedureCode: dossier.procedureCode, day: toVnIso(now).slice(0, 10) };
    await deps.store.satisfaction.commitRating(transition, cell, input.level);
    return { dossierCode: dossier.code ?? dossier.id, ratedAt: transition.event.at };
  }

  return {
    /** At the counter, on the applicant's behalf: a dossier the officer's agency is part of. */
    async rateAtCounter(caller: Caller, dossierId: string, input: Omit<RatingInput, 'channel'>): Promise<RatingReceipt> {
      const rating: RatingInput = { ...input, channel: 'COUNTER' };
      checkRating(rating);
      const dossier = await deps.store.dossiers.dossier(dossierId);
      if (!dossier || !permits('SATISFACTION_RECORD', caller, { dossier })) throw new DossierNotFoundError();
      const actor = { officerId: caller.officerId, agencyCode: caller.agencyCode, role: 'RECEPTION_OFFICER' };
      return commit(dossier, rating, actor);
    },

    /**
     * Online, by the dossier code and the receipt's secret (the QR code on the receipt and the
     * result slip leads here). Wrong secrets count in the public lookup's throttle.
     */
    async rateOnline(code: string, secret: string, input: Omit<RatingInput, 'channel'>, clientKey?: string): Promise<RatingReceipt> {
      const rating: RatingInput = { ...input, channel: 'ONLINE' };
      checkRating(rating);
      const found = await publicLookup(deps, code, secret, clientKey);
      if (!found) throw new DossierNotFoundError('No dossier with this code and secret');
      // The lookup reads an index; the rating starts from the head itself.
      const dossier = (await deps.store.dossiers.dossier(found.id)) ?? found;
      return commit(dossier, rating, APPLICANT_ACTOR);
    },

    /** Counts and rates per level for a scope and a period of rating days (VN dates, both included). */
    async report(scope: SatisfactionScope, from: string, to: string): Promise<SatisfactionReport> {
      checkPeriod(from, to);
      const partition: SatisfactionPartition = scope.agencyCode
        ? { agencyCode: scope.agencyCode }
        : scope.procedureCode
          ? { procedureCode: scope.procedureCode }
          : 'PROVINCE';
      const rows = (await deps.store.satisfaction.satisfactionRows(partition, from, to)).filter(
        (row) => !scope.agencyCode || !scope.procedureCode || row.procedureCode === scope.procedureCode,
      );
      return {
        agencyCode: scope.agencyCode ?? null,
        procedureCode: scope.procedureCode ?? null,
        from,
        to,
        figures: satisfactionFigures(rows.reduce<LevelCounts>((sum, row) => addCounts(sum, row.counts), NO_RATINGS)),
        byAgency: grouped(rows, (row) => row.agencyCode).map(([agencyCode, figures]) => ({ agencyCode, figures })),
        byProcedure: grouped(rows, (row) => row.procedureCode).map(([procedureCode, figures]) => ({ procedureCode, figures })),
        byMonth: grouped(rows, (row) => row.day.slice(0, 7)).map(([month, figures]) => ({ month, figures })),
      };
    },
  };
}

function grouped(rows: readonly SatisfactionRow[], keyOf: (row: SatisfactionRow) => string | undefined): [string, SatisfactionFigures][] {
  const sums = new Map<string, LevelCounts>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key !== undefined) sums.set(key, addCounts(sums.get(key) ?? NO_RATINGS, row.counts));
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, counts]) => [key, satisfactionFigures(counts)]);
}

/** A real calendar date (2026-02-30 is not one, though `Date.parse` rolls it over). */
const isDay = (value: string): boolean =>
  DAY.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value);

/** A period of VN civil dates, from ≤ to, at most three years. */
export function checkPeriod(from: string, to: string): void {
  if (!isDay(from)) throw badInput('period.from', 'A date YYYY-MM-DD');
  if (!isDay(to)) throw badInput('period.to', 'A date YYYY-MM-DD');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw badInput('period.to', 'The period ends before it starts');
  if (days > MAX_PERIOD_DAYS) throw badInput('period', `A period is at most ${MAX_PERIOD_DAYS} days`);
}
