import { COMMITTEES_ONLY, type UnitAgencyProfile } from './agencies';

/**
 * The editions of the official administrative unit list the platform can run on, and what each
 * gives a unit. The default is the law in force: the two-tier list of 01/07/2025 (Decree
 * 118/2025/NĐ-CP: provinces and communes, each with its Public Administration Service Centre).
 * The three-tier list stays available for the 2018 regime and for migrating a pre-merge
 * province; its agencies are the People's Committees with their one-stop departments, as before.
 */
export const UNITS_EDITIONS = ['2025-07', '2025-03'] as const;
export type UnitsEdition = (typeof UNITS_EDITIONS)[number];
export const DEFAULT_UNITS_EDITION: UnitsEdition = '2025-07';

export const isUnitsEdition = (value: string): value is UnitsEdition => (UNITS_EDITIONS as readonly string[]).includes(value);

/**
 * No `validFrom` on the units themselves: the list does not date them, and tests and demos replay
 * the 30/06/2025 → 01/07/2025 boundary on it. Closures (validTo) are what the platform enforces;
 * a province dates its own agencies in its file or through GraphQL.
 */
export const EDITION_PROFILES: Readonly<Record<UnitsEdition, UnitAgencyProfile>> = {
  '2025-03': COMMITTEES_ONLY,
  '2025-07': { kinds: ['PEOPLES_COMMITTEE', 'SERVICE_CENTRE'] },
};
