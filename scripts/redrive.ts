/**
 * Moves an agency's dead-lettered handoff messages back onto its queue (the same code as the
 * `redriveFailedHandoffs` mutation, functions/redrive/). SDK clients come from the environment:
 * AWS credentials and region on AWS; locally AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_DYNAMODB.
 *
 *   npx tsx scripts/redrive.ts --agency 06.063 [--max 100] [--table NAME] [--queue-prefix PREFIX]
 */
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { isDomainError } from '#domain/errors';
import { type RedriveOptions, redriveDeadLetters } from '#redrive/redrive';
import { servicesForTable } from '../functions/services';
import { resolveLocalhostSubdomains } from '../local/aws-env';

const USAGE = `Usage: npx tsx scripts/redrive.ts --agency <code> [options]
  --agency <code>          the agency whose dead-letter queue to empty, e.g. 06.063
  --max <n>                messages to move at most (1–10000, default 100)
  --queue-prefix <prefix>  the province's queue name prefix (default: $QUEUE_NAME_PREFIX)
  --table <name>           the province table, to mark failure records redriven (default: $TABLE_NAME;
                           without one, the records are left as they are)
  --help                   this text`;

/** Exit 2: the command was called wrongly. */
class UsageError extends Error {}

interface Options {
  agencyCode: string;
  max: number;
  queueNamePrefix: string;
  tableName: string | undefined;
}

const AGENCY_CODE = /^\d{2}(\.\d{2,5})*$/;

function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        agency: { type: 'string' },
        max: { type: 'string' },
        'queue-prefix': { type: 'string' },
        table: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const agencyCode = values.agency;
  if (!agencyCode) throw new UsageError('--agency is required');
  if (!AGENCY_CODE.test(agencyCode)) throw new UsageError(`--agency must be an agency code such as 06.063, not "${agencyCode}"`);
  const maxText = values.max ?? '100';
  const max = Number(maxText);
  if (!/^\d+$/.test(maxText) || max < 1 || max > 10_000)
    throw new UsageError(`--max must be a whole number from 1 to 10000, not "${maxText}"`);
  const queueNamePrefix = values['queue-prefix'] ?? process.env.QUEUE_NAME_PREFIX;
  if (!queueNamePrefix) throw new UsageError('--queue-prefix is required (or set QUEUE_NAME_PREFIX)');
  const tableName = values.table ?? process.env.TABLE_NAME;
  return { agencyCode, max, queueNamePrefix, tableName: tableName || undefined };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`redrive: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  // The local SQS emulator's queue URLs live under sqs.<region>.localhost, which glibc does not
  // resolve; on AWS this changes nothing.
  resolveLocalhostSubdomains();
  const sqs = new SQSClient({});
  const request = {
    ...options,
    onWarning: (what: string, error: unknown) => console.warn(`redrive: ${what}: ${(error as Error).message}`),
  };
  // With a table, the failures service moves the messages and marks their records; without one, only the queues are touched.
  const deadLetters = (redrive: Omit<RedriveOptions, 'queueNamePrefix'>) =>
    redriveDeadLetters(sqs, { ...redrive, queueNamePrefix: options.queueNamePrefix });
  const services = options.tableName ? servicesForTable(options.tableName, { deadLetters }) : undefined;
  try {
    const result = services ? await services.failures.redrive(request) : await deadLetters(request);
    console.log(
      `redrive: ${result.moved} message(s) moved from the dead-letter queue of ${result.agencyCode} back to its queue` +
        `${result.handoffIds.length ? ` (handoffs ${result.handoffIds.join(', ')})` : ''}; ` +
        `${result.remaining ?? 'unknown'} left in the dead-letter queue.`,
    );
    if (!services) console.log('redrive: no --table given; failure records were not marked redriven.');
    if (result.interruptedBy) {
      console.error(`redrive: stopped early (${result.interruptedBy}); run again to continue.`);
      return 1;
    }
    return 0;
  } catch (error) {
    console.error(`redrive: ${isDomainError(error) ? `${error.code}: ${error.message}` : (error as Error).message}`);
    return 1;
  } finally {
    sqs.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('redrive failed:', error);
    process.exit(1);
  },
);
