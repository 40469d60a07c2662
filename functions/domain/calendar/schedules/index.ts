/**
 * The official schedules shipped with the platform. Adding a year: write `schedules/<year>.ts`
 * with the year's decision (see 2026.ts) and list it here; the tests validate it against the
 * Labour Code and the computed lunar dates.
 */
import { SCHEDULE_2025 } from './2025';
import { SCHEDULE_2026 } from './2026';
import type { OfficialYearSchedule } from './types';

export const OFFICIAL_SCHEDULES: readonly OfficialYearSchedule[] = [SCHEDULE_2025, SCHEDULE_2026];

export type { Evidence, OfficialBreak, OfficialYearSchedule } from './types';
