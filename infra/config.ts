import { existsSync, readFileSync } from 'node:fs';
import { type Agency, UnknownProvinceError } from '#domain/agencies';
import { AgencyConfigError } from '#domain/agencies-config';
import { DEFAULT_UNITS_EDITION, UNITS_EDITIONS, type UnitsEdition } from '#domain/agencies-editions';
import { agencyDeadLetterQueueName, agencyQueueName } from '#queue/names';
import { provinceAgencies, UNIT_LISTS } from '#seed/province-agencies';
import { ProvinceConfigError } from './config-error';
import { readSecuritySettings, type SecuritySettings } from './config-security';
import { repoPath } from './paths';

/**
 * One province deployment, read from CDK context:
 *   -c province=NN          required, two digits, must exist in the unit list
 *   -c units=2025-03        optional unit list edition (default 2025-07, the two-tier list in force;
 *                           2025-03 is the three-tier list, for the 2018 regime and migrations)
 *   -c stage=prod           optional, lower-case letters/digits (default prod)
 *   -c ratingPageUrl=URL    optional: the portal's rating page the receipt's QR code leads to (issue 12)
 *   -c jwtIssuer=URL -c jwtAudience=a,b
 *                           optional, together: use an existing identity provider instead of the
 *                           Cognito user pool the stack creates by default
 *   -c externalAgencies=06.063,06.063.02014
 *                           optional: agencies whose own systems read their queues (external
 *                           subscribers), assumed by this stack's account. An agency's own
 *                           principal and external id are set per agency in infra/provinces/<NN>.json
 *                           (`{ "code", "principal", "externalId" }`), where the list usually lives,
 *                           so no deploy can forget them; context, when given, wins.
 *   limits, waf, identity.oauth (file) and a few context overrides: see config-security.ts.
 */
export interface ProvinceConfig {
  provinceCode: string;
  provinceName: string;
  unitsEdition: UnitsEdition;
  stage: string;
  stackName: string;
  /** Every agency queue is named `<prefix><agency code>[-dlq].fifo`; IAM grants use `<prefix>*`. */
  queueNamePrefix: string;
  /**
   * The unit list's agencies and the province's file (data/agencies/<NN>.json), closed ones
   * included: a closed agency's queue stays, so handoffs sent before the closure still arrive.
   */
  agencies: Agency[];
  jwt?: { issuer: string; audience: string[] } | undefined;
  externalSubscribers: ExternalSubscribers;
  /** The province portal's page that rates a dossier (issue 12): the receipt's QR code leads there. */
  ratingPageUrl?: string | undefined;
  /** Concurrency, throttles, log retention, WAF, OAuth (issue 13): config-security.ts. */
  security: SecuritySettings;
  /** The dossier files bucket's choices a province makes (issue 11, infra/dossier-files.ts). */
  dossierFiles: DossierFilesConfig;
}

/**
 * What a province decides about its dossier files (infra/provinces/<NN>.json `dossierFiles`, or
 * context `-c filesRetention=COMPLIANCE:10 -c malwareScanning=true`, which wins):
 * - `retention`: keep every ATTACHED file unchangeable and undeletable for `years` (S3 Object
 *   Lock on the attached copy; uploads never get it). GOVERNANCE lets a role with
 *   s3:BypassGovernanceRetention remove a file; COMPLIANCE lets nobody, not even the account's root.
 *   Absent: no lock (versioning still keeps every overwritten or deleted file for 90 days).
 * - `malwareScanning`: GuardDuty Malware Protection for S3 scans each upload; an upload is attached
 *   only once its scan says NO_THREATS_FOUND. Off by default: it is billed per GB scanned.
 */
export interface DossierFilesConfig {
  retention?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; years: number } | undefined;
  malwareScanning: boolean;
}

/**
 * Agencies whose own systems read their transfer queue (see infra/provinces/README.md): their
 * queues get no platform consumer, and a role that can read only that queue.
 */
export interface ExternalSubscribers {
  /** Agency codes, in the unit list's order, each an agency of the province. */
  agencies: string[];
  /**
   * Per agency, who may assume its subscriber role: ONE principal (a 12-digit account id or an IAM
   * ARN) with the external id agreed with that agency. An agency not listed here is assumed by
   * this stack's account (its administrators delegate).
   */
  trust: Record<string, SubscriberTrust>;
  /** Where the list came from, for messages and reviews. */
  source: 'context' | 'file' | 'none';
}

export interface SubscriberTrust {
  principal: string;
  /** Required with a principal: the role's trust policy demands it (`sts:ExternalId`). */
  externalId: string;
}

export { DEFAULT_UNITS_EDITION, ProvinceConfigError, UNITS_EDITIONS, type UnitsEdition };

/** Reads context values (`node.tryGetContext`), so tests can pass a plain object instead. */
export type ContextReader = (key: string) => unknown;

const STAGE = /^[a-z][a-z0-9]{0,9}$/;
const SQS_NAME_LIMIT = 80;

export interface ReadProvinceConfigOptions {
  /** Where the per-province files live (tests point elsewhere); default infra/provinces. */
  provincesDir?: string;
}

export function readProvinceConfig(context: ContextReader, options: ReadProvinceConfigOptions = {}): ProvinceConfig {
  const provinceCode = requiredString(context, 'province');
  const unitsEdition = readUnitsEdition(context);
  const stage = optionalString(context, 'stage') ?? 'prod';
  if (!STAGE.test(stage)) {
    throw new ProvinceConfigError('INVALID_STAGE', `stage "${stage}" must match ${STAGE} (it is part of queue names)`);
  }
  const agencies = agenciesOrExplain(provinceCode, unitsEdition);
  const province = { name: agencies[0]!.unitName };
  const queueNamePrefix = `lienthong-${provinceCode}-${stage}-`;
  assertQueueNamesFit(queueNamePrefix, agencies);
  const externalSubscribers = readExternalSubscribers(context, {
    provinceCode,
    provinceName: province.name,
    unitsEdition,
    agencies,
    provincesDir: options.provincesDir ?? repoPath('infra', 'provinces'),
  });
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
    externalSubscribers,
    ratingPageUrl: readRatingPageUrl(context),
    security: readSecuritySettings(
      context,
      readProvinceFile(options.provincesDir ?? repoPath('infra', 'provinces'), provinceCode),
      provinceFilePath(options.provincesDir ?? repoPath('infra', 'provinces'), provinceCode),
    ),
    dossierFiles: readDossierFiles(context, readProvinceFile(options.provincesDir ?? repoPath('infra', 'provinces'), provinceCode)),
  };
}

const RETENTION_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;

/** `retention` as `MODE:YEARS` (context) or `{ "mode", "years" }` (file); 1–100 whole years. */
function readRetention(value: unknown, where: string): DossierFilesConfig['retention'] {
  if (value === undefined || value === null || value === '') return undefined;
  const parts =
    typeof value === 'string'
      ? value.split(':')
      : typeof value === 'object' && !Array.isArray(value)
        ? [(value as { mode?: unknown }).mode, (value as { years?: unknown }).years]
        : [];
  const mode = RETENTION_MODES.find((candidate) => candidate === parts[0]);
  const years = Number(parts[1]);
  if (!mode || !Number.isInteger(years) || years < 1 || years > 100) {
    throw new ProvinceConfigError(
      'INVALID_FILES_CONFIG',
      `${where} must be GOVERNANCE or COMPLIANCE with 1–100 whole years (-c filesRetention=COMPLIANCE:10, or { "mode": "COMPLIANCE", "years": 10 })`,
    );
  }
  return { mode, years };
}

function readDossierFiles(context: ContextReader, file: ProvinceFile): DossierFilesConfig {
  const fromFile = file.dossierFiles ?? {};
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new ProvinceConfigError('INVALID_FILES_CONFIG', 'dossierFiles must be an object { "retention": {...}, "malwareScanning": true }');
  }
  const { retention, malwareScanning } = fromFile as { retention?: unknown; malwareScanning?: unknown };
  const contextRetention = context('filesRetention');
  const contextScanning = context('malwareScanning');
  const scanning = contextScanning !== undefined && contextScanning !== '' ? contextScanning : (malwareScanning ?? false);
  if (![true, false, 'true', 'false'].includes(scanning as string | boolean)) {
    throw new ProvinceConfigError('INVALID_FILES_CONFIG', 'malwareScanning must be true or false');
  }
  return {
    retention:
      contextRetention !== undefined && contextRetention !== ''
        ? readRetention(contextRetention, '-c filesRetention')
        : readRetention(retention, 'dossierFiles.retention'),
    malwareScanning: scanning === true || scanning === 'true',
  };
}

/** `-c ratingPageUrl=https://…`: an https page of the province's portal; without it the receipt has no rating QR code. */
function readRatingPageUrl(context: ContextReader): string | undefined {
  const value = optionalString(context, 'ratingPageUrl');
  if (value === undefined) return undefined;
  if (!URL.canParse(value) || new URL(value).protocol !== 'https:')
    throw new ProvinceConfigError('INVALID_RATING_PAGE_URL', `ratingPageUrl "${value}" must be an https URL`);
  return value;
}

function agenciesOrExplain(code: string, edition: UnitsEdition): Agency[] {
  try {
    return provinceAgencies(code, edition);
  } catch (error) {
    if (error instanceof AgencyConfigError) throw new ProvinceConfigError(error.code, error.message, { cause: error });
    if (!(error instanceof UnknownProvinceError)) throw error;
    const known = UNIT_LISTS[edition].provinces.map((p) => p.code).join(', ');
    throw new ProvinceConfigError(
      'UNKNOWN_PROVINCE',
      `province "${code}" is not in the ${edition} unit list (-c province=NN, one of: ${known}; -c units=2025-03 for the three-tier list)`,
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

/** The per-province file: optional, committed, reviewed like code. */
export interface ProvinceFile {
  externalSubscribers?: { agencies?: unknown; principal?: unknown };
  limits?: unknown;
  waf?: unknown;
  identity?: unknown;
  dossierFiles?: unknown;
}

export const provinceFilePath = (provincesDir: string, provinceCode: string): string => `${provincesDir}/${provinceCode}.json`;

const ACCOUNT_ID = /^\d{12}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{16,1224}$/;
const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|(role|user)\/[\w+=,.@/-]{1,512})$/;

function readExternalSubscribers(
  context: ContextReader,
  province: { provinceCode: string; provinceName: string; unitsEdition: UnitsEdition; agencies: Agency[]; provincesDir: string },
): ExternalSubscribers {
  const file = readProvinceFile(province.provincesDir, province.provinceCode);
  const fromContext = context('externalAgencies');
  const contextGiven = fromContext !== undefined && fromContext !== null && fromContext !== '';
  const source = contextGiven ? 'context' : file.externalSubscribers?.agencies !== undefined ? 'file' : 'none';
  const entries = contextGiven
    ? entryList(fromContext, '-c externalAgencies')
    : entryList(file.externalSubscribers?.agencies ?? [], 'externalSubscribers.agencies');
  const known = new Set(province.agencies.map((agency) => agency.code));
  for (const { code } of entries) {
    if (!known.has(code)) {
      throw new ProvinceConfigError(
        'UNKNOWN_AGENCY',
        `external agency "${code}" (${source === 'file' ? provinceFilePath(province.provincesDir, province.provinceCode) : '-c externalAgencies'}) is not an agency of province ${province.provinceCode} (${province.provinceName}) in the ${province.unitsEdition} unit list; agency codes look like ${province.provinceCode}, ${exampleCodes(province.agencies)}`,
      );
    }
  }
  if (optionalString(context, 'externalPrincipal') !== undefined || file.externalSubscribers?.principal !== undefined) {
    throw new ProvinceConfigError(
      'SHARED_EXTERNAL_PRINCIPAL',
      'one principal for every external agency would let one agency\'s system assume another\'s role: give each agency its own in externalSubscribers.agencies as { "code": "06.063", "principal": "arn:aws:iam::123456789012:role/NAME", "externalId": "..." }',
    );
  }
  const trust: Record<string, SubscriberTrust> = {};
  const externalIds = new Set<string>();
  for (const entry of entries) {
    if (entry.principal === undefined && entry.externalId === undefined) continue;
    const { code, principal, externalId } = entry;
    if (principal === undefined || !(ACCOUNT_ID.test(principal) || IAM_PRINCIPAL_ARN.test(principal))) {
      throw new ProvinceConfigError(
        'INVALID_EXTERNAL_PRINCIPAL',
        `external agency ${code}: principal ${JSON.stringify(principal)} must be a 12-digit account id or an IAM ARN such as arn:aws:iam::123456789012:role/NAME (or :root, :user/NAME)`,
      );
    }
    if (externalId === undefined || !EXTERNAL_ID.test(externalId) || externalIds.has(externalId)) {
      throw new ProvinceConfigError(
        'INVALID_EXTERNAL_ID',
        `external agency ${code}: externalId must be 16 to 1224 characters of letters, digits and +=,.@:/- agreed with that agency alone (each agency its own), so no other party can make the platform's role trust it by naming the agency`,
      );
    }
    externalIds.add(externalId);
    trust[code] = { principal, externalId };
  }
  const wanted = new Set(entries.map((entry) => entry.code));
  return {
    // The unit list's order, not the operator's: templates do not churn when the list is reordered.
    agencies: province.agencies.filter((agency) => wanted.has(agency.code)).map((agency) => agency.code),
    trust,
    source,
  };
}

function readProvinceFile(provincesDir: string, provinceCode: string): ProvinceFile {
  const path = provinceFilePath(provincesDir, provinceCode);
  if (!existsSync(path)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ProvinceConfigError('INVALID_PROVINCE_FILE', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProvinceConfigError('INVALID_PROVINCE_FILE', `${path} must hold a JSON object`);
  }
  const file = value as ProvinceFile;
  const external = file.externalSubscribers;
  if (external !== undefined && (typeof external !== 'object' || external === null || Array.isArray(external))) {
    throw new ProvinceConfigError(
      'INVALID_PROVINCE_FILE',
      `${path}: externalSubscribers must be an object { "agencies": [...], "principal": "..." }`,
    );
  }
  return file;
}

interface ExternalEntry {
  code: string;
  principal?: string;
  externalId?: string;
}

/**
 * `-c a,b` arrives as a string; cdk.json, tests and the province file give an array, whose items
 * are codes or `{ code, principal, externalId }`.
 */
function entryList(value: unknown, where: string): ExternalEntry[] {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  const invalid = () =>
    new ProvinceConfigError(
      'INVALID_EXTERNAL_AGENCIES',
      `${where} must be agency codes, comma-separated or a JSON array of codes or { "code", "principal", "externalId" } objects`,
    );
  if (!items) throw invalid();
  return items.flatMap((item: unknown): ExternalEntry[] => {
    if (typeof item === 'string') return item.trim() ? [{ code: item.trim() }] : [];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid();
    const { code, principal, externalId } = item as Record<string, unknown>;
    if (typeof code !== 'string' || (principal !== undefined && typeof principal !== 'string')) throw invalid();
    if (externalId !== undefined && typeof externalId !== 'string') throw invalid();
    return [{ code: code.trim(), ...(principal !== undefined ? { principal } : {}), ...(externalId !== undefined ? { externalId } : {}) }];
  });
}

const exampleCodes = (agencies: Agency[]): string =>
  agencies
    .filter((agency) => agency.level !== 'PROVINCE')
    .slice(0, 2)
    .map((agency) => agency.code)
    .join(', ');

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
