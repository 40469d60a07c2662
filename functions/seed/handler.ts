import { Logger } from '@aws-lambda-powertools/logger';
import { ConfigurationError, requireEnv } from '../services';
import { isUnitsEdition, seedProvince } from './seed';

const logger = new Logger({ serviceName: 'seed' });

/** Runs after each deployment (a CDK Trigger): writes the province's agencies and catalog. */
export const handler = async (): Promise<{ agencies: number; procedures: number }> => {
  const edition = process.env.UNITS_EDITION ?? '2025-03';
  if (!isUnitsEdition(edition)) throw new ConfigurationError(`UNITS_EDITION "${edition}" is not a known unit list`);
  const result = await seedProvince({
    tableName: requireEnv('TABLE_NAME'),
    provinceCode: requireEnv('PROVINCE_CODE'),
    unitsEdition: edition,
  });
  logger.info('Province seeded', { ...result, provinceCode: process.env.PROVINCE_CODE });
  return result;
};
