/**
 * Why a migration refuses to start. Every one is found before the first write, so a refused
 * migration has changed nothing; the command exits with status 2 and prints the code.
 */
export const MIGRATION_ERROR_CODES = {
  BAD_ARGUMENTS: 'The command line does not name a target and at least one source as documented',
  UNKNOWN_PROVINCE: 'A province code is not in the unit list of its edition',
  NOT_MERGED_INTO_TARGET: 'A source province did not merge into the target province on 01/07/2025',
  NOT_PRE_MERGE: 'A source table is not a three-tier (pre-01/07/2025) table of the province it was named for',
  TARGET_NOT_TWO_TIER: 'The target table is not a seeded two-tier table of the target province',
  TARGET_AGENCY_MISSING: 'A successor agency the plan needs is not in the target table',
  OVERLAPPING_CODES: 'Two sources hold the same key, dossier code or agency code',
  TARGET_CONFLICT: 'The target already holds a different item under a key a source item needs',
  UNKNOWN_RECORD: 'A source table holds an item of a kind the migration does not know',
} as const;

export type MigrationErrorCode = keyof typeof MIGRATION_ERROR_CODES;

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string = MIGRATION_ERROR_CODES[code],
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export const isMigrationError = (error: unknown): error is MigrationError => error instanceof MigrationError;
