import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDocumentClient } from '#store/clients';
import { CLIENT_ATTEMPTS_PER_HOUR, clientKeyOf, FREE_ATTEMPTS, type Services, servicesForTable } from '../../functions/services';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';

/**
 * The public lookup's wrong-secret budget (issue 13): counted atomically before the secret is
 * checked, per client (a keyed hash of the source address) and code, and per client over all
 * codes. A burst of concurrent guesses gets exactly the budget checked; the applicant asking from
 * elsewhere is not locked out by it.
 */
const COMMUNE = '06.063.02014';
const reception: Claims = { sub: 'tn-duongphong', name: 'Cán bộ một cửa', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };

let gql: ReturnType<typeof graphqlClient>;
let handler: Parameters<typeof graphqlClient>[0];
let tableName: string;
/** Services on a stopped clock: the back-off never elapses during a burst, however slow the machine. */
let atNoon: Services;

beforeAll(async () => {
  const fixture = await setUpProvince();
  tableName = fixture.tableName;
  handler = (await import('#graphql/handler')).handler as unknown as Parameters<typeof graphqlClient>[0];
  gql = graphqlClient(handler);
  const noon = new Date('2026-12-03T05:00:00.000Z');
  atNoon = servicesForTable(tableName, { db: sharedDocumentClient(), now: () => noon });
});

async function acceptedDossier(): Promise<{ code: string; secret: string }> {
  const submitted = await gql<{ submitDossier: { id: string; version: number } }>(
    'mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id version } }',
    {
      input: {
        procedureCode: '2.000815',
        applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: COMMUNE } },
        documents: [{ code: 'BAN_CHINH' }, { code: 'BAN_SAO' }],
      },
    },
    reception,
  );
  const { id, version } = submitted.data!.submitDossier;
  const accepted = await gql<{ acceptDossier: { code: string; forms: { receipt: { lookupSecret: string } } } }>(
    'mutation ($id: ID!, $v: Int!) { acceptDossier(id: $id, expectedVersion: $v) { code forms { receipt { lookupSecret } } } }',
    { id, v: version },
    reception,
  );
  const { code, forms } = accepted.data!.acceptDossier;
  return { code, secret: forms.receipt.lookupSecret };
}

/** What each of `n` concurrent lookups came to: CHECKED (a wrong secret answered null), FOUND, or an error code. */
async function burst(n: number, guess: (index: number) => Promise<unknown>): Promise<Record<string, number>> {
  const outcomes = await Promise.all(
    Array.from({ length: n }, (_, index) =>
      guess(index).then(
        (found) => (found ? 'FOUND' : 'CHECKED'),
        (error: { code?: string }) => error.code ?? 'ERROR',
      ),
    ),
  );
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

describe('the public lookup’s wrong-secret budget', () => {
  it(`checks exactly ${FREE_ATTEMPTS} of 60 concurrent wrong guesses from one client at one code`, async () => {
    const { code, secret } = await acceptedDossier();
    const attacker = await clientKeyOf('198.51.100.66');

    const outcomes = await burst(60, () => atNoon.dossiers.lookup(code, 'AAAAAA', attacker));

    expect(outcomes).toEqual({ CHECKED: FREE_ATTEMPTS, TOO_MANY_ATTEMPTS: 60 - FREE_ATTEMPTS });
    // The attacker's right guess now waits too; the applicant, from another address, does not.
    await expect(atNoon.dossiers.lookup(code, secret, attacker)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await expect(atNoon.dossiers.lookup(code, secret, await clientKeyOf('203.0.113.20'))).resolves.toMatchObject({ code });
  });

  it(`lets one client try at most ${CLIENT_ATTEMPTS_PER_HOUR} codes an hour, whatever the concurrency; a right secret gives its try back`, async () => {
    const { code, secret } = await acceptedDossier();
    const scanner = await clientKeyOf('198.51.100.99');

    const outcomes = await burst(60, (index) =>
      atNoon.dossiers.lookup(`06.063.02014-261203-${String(index).padStart(4, '0')}`, 'AAAAAA', scanner),
    );

    expect(outcomes).toEqual({ CHECKED: CLIENT_ATTEMPTS_PER_HOUR, TOO_MANY_ATTEMPTS: 60 - CLIENT_ATTEMPTS_PER_HOUR });
    await expect(atNoon.dossiers.lookup(code, secret, scanner)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    // A citizen who finds their dossier does not use up their address's hour.
    const citizen = await clientKeyOf('203.0.113.21');
    for (let i = 0; i < CLIENT_ATTEMPTS_PER_HOUR + 5; i += 1) {
      await expect(atNoon.dossiers.lookup(code, secret, citizen)).resolves.toMatchObject({ code });
    }
    // About 200 requests, 60 of them at once on one item: minutes when two test files share a busy machine.
  }, 180_000);

  it('takes the client from the request’s source address through the GraphQL handler', async () => {
    const { code, secret } = await acceptedDossier();
    const LOOKUP = 'query ($code: String!, $secret: String!) { lookupDossier(code: $code, secret: $secret) { code status } }';
    const from = async (sourceIp: string, guess: string) => {
      const event = {
        version: '2.0',
        routeKey: 'POST /public/graphql',
        rawPath: '/public/graphql',
        rawQueryString: '',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LOOKUP, variables: { code, secret: guess } }),
        isBase64Encoded: false,
        requestContext: {
          requestId: `lookup-${sourceIp}-${Math.random()}`,
          routeKey: 'POST /public/graphql',
          http: { method: 'POST', path: '/public/graphql', sourceIp },
        },
      };
      const result = (await handler(event as never, { awsRequestId: 'x' } as never)) as { body?: string };
      return JSON.parse(result.body ?? '{}') as { data?: { lookupDossier: unknown }; errors?: { extensions?: { code?: string } }[] };
    };
    // Four past the free ones, at once: the next is checked only 2 + 4 + 8 + 16 = 30 s after the first
    // (this handler runs on the real clock; a busy machine must not let the wait pass).
    await Promise.all(Array.from({ length: FREE_ATTEMPTS + 4 }, () => from('198.51.100.7', 'AAAAAA')));
    expect((await from('198.51.100.7', secret)).errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await from('203.0.113.8', secret)).data?.lookupDossier).toMatchObject({ code });
  });
});
