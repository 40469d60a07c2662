import { parseArgs } from 'node:util';
import { UnknownProvinceError } from '#domain/agencies';
import { isUnitsEdition, provinceAgencies, UNIT_LISTS, type UnitsEdition } from '#seed/seed';

export interface StartOptions {
  provinceCode: string;
  unitsEdition: UnitsEdition;
  port: number;
  fresh: boolean;
  /** Keep nothing on disk: for tests and throw-away demos. */
  ephemeral: boolean;
  /** Agencies whose own system reads their queue: the platform's consumer leaves those queues alone. */
  externalAgencies: string[];
  help: boolean;
}

/** A flag we cannot start with. `code` is stable, for scripts; the message is for people. */
export class StartOptionsError extends Error {
  constructor(
    readonly code: 'UNKNOWN_PROVINCE' | 'UNKNOWN_UNITS_EDITION' | 'BAD_PORT' | 'BAD_FLAG' | 'UNKNOWN_AGENCY',
    message: string,
  ) {
    super(message);
  }
}

export const USAGE = `Usage: npm start -- [--province NN] [--units 2025-03|2025-07] [--port N] [--fresh | --ephemeral] [--external CODES]

  --province NN   province code from the unit list (env PROVINCE; default 06, Bắc Kạn)
  --units E       administrative unit list: 2025-03 (three tiers, default) or 2025-07 (two tiers)
  --port N        HTTP port of the GraphQL API (default 4000; 0 picks a free one)
  --fresh         wipe the kept local data (.local/: DynamoDB, SQS, stream checkpoints) first
  --ephemeral     keep everything in memory, nothing in .local/
  --external A,B  agencies whose own system reads their queue (env EXTERNAL_AGENCIES); the banner
                  prints each one's queue URL and a token for it; see examples/agency-subscriber`;

export function parseStartOptions(argv: string[], env: NodeJS.ProcessEnv): StartOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        province: { type: 'string' },
        units: { type: 'string' },
        port: { type: 'string' },
        fresh: { type: 'boolean' },
        ephemeral: { type: 'boolean' },
        external: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new StartOptionsError('BAD_FLAG', (error as Error).message);
  }
  const unitsEdition = values.units ?? '2025-03';
  if (!isUnitsEdition(unitsEdition)) {
    throw new StartOptionsError('UNKNOWN_UNITS_EDITION', `--units must be one of ${Object.keys(UNIT_LISTS).join(', ')}`);
  }
  const port = Number(values.port ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new StartOptionsError('BAD_PORT', `--port must be a port number, not "${values.port}"`);
  }
  const provinceCode = values.province ?? env.PROVINCE ?? '06';
  checkProvince(provinceCode, unitsEdition);
  if (values.fresh && values.ephemeral) throw new StartOptionsError('BAD_FLAG', '--fresh and --ephemeral exclude each other');
  const externalAgencies = checkAgencies(values.external ?? env.EXTERNAL_AGENCIES ?? '', provinceCode, unitsEdition);
  return {
    externalAgencies,
    provinceCode,
    unitsEdition,
    port,
    fresh: values.fresh ?? false,
    ephemeral: values.ephemeral ?? false,
    help: values.help ?? false,
  };
}

function checkAgencies(list: string, provinceCode: string, unitsEdition: UnitsEdition): string[] {
  const codes = list
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  const known = new Set(provinceAgencies(provinceCode, unitsEdition).map((agency) => agency.code));
  const unknown = codes.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new StartOptionsError('UNKNOWN_AGENCY', `--external: not agencies of province ${provinceCode}: ${unknown.join(', ')}`);
  }
  return codes;
}

function checkProvince(provinceCode: string, unitsEdition: UnitsEdition): void {
  try {
    provinceAgencies(provinceCode, unitsEdition);
  } catch (error) {
    if (!(error instanceof UnknownProvinceError)) throw error;
    const known = UNIT_LISTS[unitsEdition].provinces.map((province) => province.code).join(' ');
    throw new StartOptionsError(
      'UNKNOWN_PROVINCE',
      `Province "${provinceCode}" is not in the ${unitsEdition} unit list. Its province codes: ${known}`,
    );
  }
}
