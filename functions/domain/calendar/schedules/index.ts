/**
 * The official schedules shipped with the platform: the set a fresh province's table is seeded
 * with (`npm run seed`, after every deploy). At run time the calendar uses the schedules LOADED in
 * the table (`loadDayOffSchedule`, services/calendar.ts), so a new year's decision needs no
 * release; a file here only makes it part of the next seed. The tests validate every file
 * against the Labour Code and the computed lunar dates.
 */
import { SCHEDULE_2024 } from './2024';
import { SCHEDULE_2025 } from './2025';
import { SCHEDULE_2026 } from './2026';
import type { OfficialYearSchedule } from './types';

export const OFFICIAL_SCHEDULES: readonly OfficialYearSchedule[] = [SCHEDULE_2024, SCHEDULE_2025, SCHEDULE_2026];

export type { Evidence, OfficialBreak, OfficialYearSchedule } from './types';
