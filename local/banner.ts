import { PUBLIC_SURFACE } from '#graphql/public/surface';
import type { Platform } from './platform';

export interface BannerOptions {
  elapsedMs: number;
  /** Where kept data lives (relative to the working directory), or undefined with --ephemeral. */
  dataDir: string | undefined;
}

/**
 * What `npm start` prints once everything answers: every address a newcomer needs, each one
 * usable as printed from any program on this machine (curl, the AWS CLI, another SDK), and the
 * demo tokens. The README's first steps quote these lines: change both together.
 */
export function banner(platform: Platform, { elapsedMs, dataDir }: BannerOptions): string {
  const { province, counts, timings, endpoints } = platform;
  const width = Math.max(...platform.tokens.map((officer) => officer.role.length));
  const officers = platform.tokens
    .map((officer) => `  ${officer.role.padEnd(width)}  ${officer.agency} ${officer.agencyName} (${officer.name})  ${officer.token}`)
    .join('\n');
  const sqsCli = `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --region ap-southeast-1 --endpoint-url ${endpoints.sqs} sqs …`;
  return `
Liên Thông local platform is up in ${(elapsedMs / 1000).toFixed(1)} s (emulators ${timings.emulators} ms, queues ${timings.queues} ms, seed ${timings.seed} ms)

  Province   ${province.code} ${province.name}, unit list ${province.unitsEdition}: ${counts.agencies} agencies, ${counts.procedures} procedures, ${counts.queues} queues
  GraphQL    ${platform.url}  (officers: a token below as "Authorization: Bearer <token>")
  Public     ${platform.publicUrl}  (no token: ${[...PUBLIC_SURFACE.Query, ...PUBLIC_SURFACE.Mutation].join(', ')})
  Explorer   ${platform.explorerUrl}  (open it in a browser; works offline)
  Forms      ${platform.formsUrl}/{01..07}/{dossierId}, ${platform.formsUrl}/07?from=YYYY-MM-DD&to=YYYY-MM-DD (with the token)
  DynamoDB   ${endpoints.dynamodb}  table ${platform.tableName}
  SQS        ${endpoints.sqs}  queues ${platform.queueNamePrefix}*.fifo, relay failures ${platform.queueNamePrefix}relay-failures
             e.g. ${sqsCli}
  Portal     ${platform.portal.portalUrl}  national portal (DVCQG) emulator: GET /_emulator/dossiers/{MaHoSo}, POST /_emulator/faults
             sync queue ${platform.queueNamePrefix}portal-sync.fifo, failures: failedHandoffs(agencyCode: "DVCQG")
             file online: POST /_emulator/file-online (pulled every 5 s; README "Dossiers filed online")
  Data       ${dataDir ? `${dataDir}/ survives restarts; npm start -- --fresh wipes it` : 'in memory only (--ephemeral)'}
${externalSection(platform)}
Demo officers: send "Authorization: Bearer <token>" (the explorer has a picker)
${officers}

Ctrl-C stops everything.
`;
}

function externalSection(platform: Platform): string {
  if (platform.externalAgencies.length === 0) return '';
  const agencies = platform.externalAgencies
    .map(
      (agency) => `  ${agency.code} ${agency.name}
    queue  ${agency.queueUrl}
    token  ${agency.token}`,
    )
    .join('\n');
  return `
External subscribers (--external): the platform's consumer leaves these queues alone; each
agency's system reads its own (examples/agency-subscriber) with SQS_ENDPOINT=${platform.endpoints.sqs},
QUEUE_URL=<queue> and AGENCY_TOKEN=<token> (role AGENCY_SYSTEM):
${agencies}
`;
}
