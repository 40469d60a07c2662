import { readFileSync } from 'node:fs';
import {
  agencyDeadLetterQueueName,
  agencyQueueName,
  deriveAgencies,
  findProvince,
  type Agency,
  type UnitList,
} from '../functions/domain/agencies';
import { repoPath } from './paths';

/**
 * One province deployment, read from CDK context:
 *   -c province=NN          required, two digits, must exist in the unit list
 *   -c units=2025-07        optional unit list edition (default 2025-03, the three-tier list)
 *   -c stage=prod           optional, lower-case letters/digits (default prod)
 *   -c jwtIssuer=URL -c jwtAudience=a,b
 *                           optional, together: use an existing identity provider instead of the
 *                           Cognito user pool the stack creates by default
 */
export interface ProvinceConfig {
  provinceCode: string;
  provinceName: string;
  unitsEdition: UnitsEdition;
  stage: string;
  stackName: string;
  /** Every agency queue is named `<prefix><agency code>[-dlq].fifo`; IAM grants use `<prefix>*`. */
  queueNamePrefix: string;
  agencies: Agency[];
  jwt?: { issuer: string; audience: string[] };
}

export const UNITS_EDITIONS = ['2025-03', '2025-07'] as const;
export type UnitsEdition = (typeof UNITS_EDITIONS)[number];
export const DEFAULT_UNITS_EDITION: UnitsEdition = '2025-03';

/** A configuration mistake the operator must fix; `code` is stable for scripts and tests. */
export class ProvinceConfigError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'ProvinceConfigError';
  }
}

/** Reads context values (`node.tryGetContext`), so tests can pass a plain object instead. */
export type ContextReader = (key: string) => unknown;

const STAGE = /^[a-z][a-z0-9]{0,9}$/;
const SQS_NAME_LIMIT = 80;

export function readProvinceConfig(context: ContextReader): ProvinceConfig {
  const provinceCode = requiredString(context, 'province');
  const unitsEdition = readUnitsEdition(context);
  const stage = optionalString(context, 'stage') ?? 'prod';
  if (!STAGE.test(stage)) {
    throw new ProvinceConfigError('INVALID_STAGE', `stage "${stage}" must match ${STAGE} (it is part of queue names)`);
  }
  const units = loadUnitList(unitsEdition);
  const province = findProvinceOrExplain(units, provinceCode, unitsEdition);
  const queueNamePrefix = `lienthong-${provinceCode}-${stage}-`;
  const agencies = deriveAgencies(province);
  assertQueueNamesFit(queueNamePrefix, agencies);
  return {
    provinceCode,
    provinceName: province.name,
    unitsEdition,
    stage,
    // prod keeps the short name the runbooks use; other stages of the same province sit beside it.
    stackName: stage === 'prod' ? `LienThong-P${provinceCode}` : `LienThong-P${provinceCode}-${stage}`,
    queueNamePrefix,
    agencies,
    jwt: readJwtOverride(context),
  };
}

export function loadUnitList(edition: UnitsEdition): UnitList {
  return JSON.parse(readFileSync(unitListPath(edition), 'utf8')) as UnitList;
}

export const unitListPath = (edition: UnitsEdition): string =>
  repoPath('data', 'units', `administrative-units-${edition}.json`);

function findProvinceOrExplain(units: UnitList, code: string, edition: UnitsEdition) {
  try {
    return findProvince(units, code);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'UNKNOWN_PROVINCE') throw error;
    const known = units.provinces.map((p) => p.code).join(', ');
    throw new ProvinceConfigError(
      'UNKNOWN_PROVINCE',
      `province "${code}" is not in the ${edition} unit list (-c province=NN, one of: ${known})`,
    );
  }
}

function readUnitsEdition(context: ContextReader): UnitsEdition {
  const value = optionalString(context, 'units') ?? DEFAULT_UNITS_EDITION;
  const edition = UNITS_EDITIONS.find((e) => e === value);
  if (!edition) {
    throw new ProvinceConfigError('UNKNOWN_UNITS_EDITION', `units "${value}" must be one of ${UNITS_EDITIONS.join(', ')}`);
  }
  return edition;
}

function readJwtOverride(context: ContextReader): ProvinceConfig['jwt'] {
  const issuer = optionalString(context, 'jwtIssuer');
  const audience = optionalString(context, 'jwtAudience')
    ?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (!issuer && !audience?.length) return undefined;
  if (!issuer || !audience?.length || !issuer.startsWith('https://')) {
    throw new ProvinceConfigError(
      'INVALID_JWT_CONFIG',
      'give both -c jwtIssuer=https://... and -c jwtAudience=a[,b], or neither (the stack then creates a Cognito user pool)',
    );
  }
  return { issuer, audience };
}

function assertQueueNamesFit(prefix: string, agencies: Agency[]): void {
  for (const agency of agencies) {
    const name = agencyDeadLetterQueueName(prefix, agency.code);
    if (name.length > SQS_NAME_LIMIT || agencyQueueName(prefix, agency.code).length > SQS_NAME_LIMIT) {
      throw new ProvinceConfigError('QUEUE_NAME_TOO_LONG', `"${name}" is longer than ${SQS_NAME_LIMIT} characters`);
    }
  }
}

function requiredString(context: ContextReader, key: string): string {
  const value = optionalString(context, key);
  if (value === undefined) {
    throw new ProvinceConfigError('MISSING_CONTEXT', `-c ${key}=... is required (e.g. npx cdk synth -c province=06)`);
  }
  return value;
}

function optionalString(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null || value === '') return undefined;
  // `-c province=06` arrives as the string "06", but a cdk.json or test value may be a number.
  return String(value);
}
