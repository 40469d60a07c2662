/**
 * LOCAL ONLY: prints a token for an agency's system (role AGENCY_SYSTEM), signed by the local
 * platform's development issuer, whose key `npm start` keeps in .local/dev-issuer.json.
 *   npx tsx examples/agency-subscriber/local-token.ts 06.063
 * On AWS, tokens come from the province's identity provider instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isAgencyCode } from '#domain/agencies';
import { loadDevIssuer } from '../../local/auth';

const agency = process.argv[2];
const keyFile = fileURLToPath(new URL('../../.local/dev-issuer.json', import.meta.url));
if (!agency || !isAgencyCode(agency)) {
  console.error('usage: npx tsx examples/agency-subscriber/local-token.ts <agency code, e.g. 19.CAT or 06.063>');
  process.exit(2);
}
if (!existsSync(keyFile)) {
  console.error(`error: ${keyFile} does not exist: run \`npm start\` once (not --ephemeral), then ask again`);
  process.exit(2);
}
const issuer = await loadDevIssuer(keyFile);
console.log(await issuer.issue({ sub: `system-${agency}`, name: `Hệ thống của ${agency}`, agency, roles: 'AGENCY_SYSTEM' }, '30d'));
