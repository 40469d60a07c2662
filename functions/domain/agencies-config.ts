import type { Agency } from './agencies';
import { type AgencySpec, buildAgency, parentCodeOf } from './agencies-admin';
import type { UnitsEdition } from './agencies-editions';
import { isDomainError } from './errors';

/**
 * A province's own agencies, as its configuration file lists them (data/agencies/<NN>.json): the
 * departments, vertical agencies, public service units and extra reception points the unit list
 * cannot know. The seed writes them, the stack creates their queues, `npm start` runs them.
 * `npm run agencies:export` writes the table's agencies back into the file before a deploy, so
 * agencies an administrator added at run time get their queues (infra/provinces/README.md).
 */
export interface ProvinceAgencyFile {
  province: string;
  /** The unit list edition the agencies belong to; on another edition the file does not apply. */
  unitsEdition: UnitsEdition;
  source?: string;
  agencies: AgencySpec[];
}

/** A mistake in a province's agency file; `code` is stable, the message names the entry and field. */
export class AgencyConfigError extends Error {
  readonly code = 'INVALID_AGENCY_CONFIG';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AgencyConfigError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The agencies of the file, checked against the agencies derived from the unit list: each under an
 * agency listed before it (or a unit's), with a code not taken, and a successor that exists.
 * Returns nothing when the file is for another edition.
 */
export function configuredAgencies(file: unknown, derived: readonly Agency[], edition: UnitsEdition, where: string): Agency[] {
  if (!isObject(file) || !Array.isArray(file.agencies))
    throw new AgencyConfigError(`${where}: expected { "province", "unitsEdition", "agencies": [...] }`);
  const province = derived[0]?.provinceCode;
  if (file.province !== province)
    throw new AgencyConfigError(`${where}: "province" is ${JSON.stringify(file.province)}, not "${province}"`);
  if (file.unitsEdition !== edition) return [];
  const known = new Map(derived.map((agency) => [agency.code, agency]));
  const added: Agency[] = [];
  file.agencies.forEach((entry: unknown, index: number) => {
    const at = `${where}: agencies[${index}]`;
    if (!isObject(entry) || typeof entry.code !== 'string') throw new AgencyConfigError(`${at} needs a "code"`);
    if (known.has(entry.code)) throw new AgencyConfigError(`${at}: code ${entry.code} is taken`);
    const parent = known.get(parentCodeOf(entry.code) ?? '');
    if (!parent) throw new AgencyConfigError(`${at}: no agency ${parentCodeOf(entry.code)} above ${entry.code} (list parents first)`);
    const agency = build(entry as unknown as AgencySpec, parent, at);
    known.set(agency.code, agency);
    added.push(agency);
  });
  for (const agency of added) {
    if (agency.successorCode !== undefined && !known.has(agency.successorCode)) {
      throw new AgencyConfigError(`${where}: ${agency.code}: successor ${agency.successorCode} is not an agency of the province`);
    }
  }
  return added;
}

function build(spec: AgencySpec, parent: Agency, at: string): Agency {
  try {
    return buildAgency(spec, parent, 'PROVINCE_FILE');
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new AgencyConfigError(`${at} (${spec.code}): ${String(error.details.field ?? '')}: ${error.message}`, { cause: error });
  }
}

/** The file's form of an agency, for `agencies:export`: what the table holds, without what the unit list gives. */
export function agencySpecOf(agency: Agency): AgencySpec {
  return {
    code: agency.code,
    kind: agency.kind,
    name: agency.name,
    ...(agency.oneStopName !== agency.name ? { oneStopName: agency.oneStopName } : {}),
    ...(agency.sector !== undefined ? { sector: agency.sector } : {}),
    ...(agency.identifier !== agency.code ? { identifier: agency.identifier } : {}),
    ...(agency.validFrom !== undefined ? { validFrom: agency.validFrom } : {}),
    ...(agency.validTo !== undefined ? { validTo: agency.validTo } : {}),
    ...(agency.successorCode !== undefined ? { successorCode: agency.successorCode } : {}),
    ...(agency.unconfirmed ? { unconfirmed: true } : {}),
    ...(agency.note !== undefined ? { note: agency.note } : {}),
  };
}

/**
 * The province file as the table has it: the file's header kept, its agency list replaced by the
 * table's agencies that the unit list does not give (in the table's parents-first order), so the
 * next deploy creates a queue for every agency an administrator added, and the file's diff shows
 * what changed at run time. Nothing is dropped: a closed agency stays, with its validTo.
 */
export function exportedFile(
  existing: ProvinceAgencyFile | undefined,
  tableAgencies: readonly Agency[],
  province: string,
  edition: UnitsEdition,
): ProvinceAgencyFile {
  // The file's order first (its diff then shows only what changed), new agencies after, parents first.
  const listed = new Map((existing?.agencies ?? []).map((spec, index) => [spec.code, index]));
  const own = tableAgencies
    .filter((agency) => agency.origin !== 'UNIT_LIST')
    .map((agency, index) => ({ agency, rank: listed.get(agency.code) ?? listed.size + index }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ agency }) => agency);
  return {
    province,
    unitsEdition: edition,
    ...(existing?.source ? { source: existing.source } : {}),
    agencies: own.map(agencySpecOf),
  };
}
