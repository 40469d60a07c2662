import { Logger } from '@aws-lambda-powertools/logger';
import { dossierFilesFromEnvironment } from '#files/dossier-files';
import { ConfigurationError, servicesFromEnvironment } from '../services';

const logger = new Logger({ serviceName: 'files-sweeper' });
// Checked at the first run, not at load: a bundle must load anywhere (test/infra/bundling.test.ts).
const files = dossierFilesFromEnvironment();
const services = files ? servicesFromEnvironment({ files }) : undefined;

/** An upload is swept once it is older than this: its presigned request ended 45 minutes before. */
export const SWEEP_AFTER_MS = 60 * 60 * 1000;

/**
 * Scheduled hourly (infra/dossier-files.ts; locally by the platform): removes uploads never
 * attached, with any copy an interrupted attach left, and finishes attaches a crash interrupted
 * after their commit. The bucket's lifecycle rule expires what this misses.
 */
export async function handler(): Promise<{ removed: number; neverAttached: number }> {
  if (!services) throw new ConfigurationError('FILES_BUCKET is not set');
  const result = await services.documents.sweep(new Date(Date.now() - SWEEP_AFTER_MS));
  logger.info('Swept dossier file uploads', result);
  return result;
}
