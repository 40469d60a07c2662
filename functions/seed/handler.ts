import { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_UNITS_EDITION } from '#domain/agencies-editions';
import { ConfigurationError, requireEnv } from '../services';
import { isUnitsEdition, seedProvince } from './seed';

const logger = new Logger({ serviceName: 'seed' });

/**
 * Runs after each deployment that changes it (a custom resource, infra/seed.ts): writes the
 * province's agencies and catalog. A stack deletion (RequestType Delete) leaves the retained table alone.
 */
export const handler = async (event?: { RequestType?: string }): Promise<{ agencies: number; procedures: number }> => {
  if (event?.RequestType === 'Delete') return { agencies: 0, procedures: 0 };
  const edition = process.env.UNITS_EDITION ?? DEFAULT_UNITS_EDITION;
  if (!isUnitsEdition(edition)) throw new ConfigurationError(`UNITS_EDITION "${edition}" is not a known unit list`);
  const result = await seedProvince({
    tableName: requireEnv('TABLE_NAME'),
    provinceCode: requireEnv('PROVINCE_CODE'),
    unitsEdition: edition,
  });
  logger.info('Province seeded', { ...result, provinceCode: process.env.PROVINCE_CODE });
  return result;
};
