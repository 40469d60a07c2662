import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_ERROR_CODES } from '#graphql/hardening/codes';
import type { Claims } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';
import { codes, type LambdaHandler, loadHandler, post } from './support';

const COMMUNE = '06.063.02014';
const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };

/** Each operation of the README's GraphQL examples: blocks split where a line starts a new one. */
function readmeOperations(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const operations: string[] = [];
  for (const [, block = ''] of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    let current: string[] = [];
    for (const line of block.split('\n')) {
      if (/^(\{|query\b|mutation\b)/.test(line) && current.length > 0) {
        operations.push(current.join('\n'));
        current = [];
      }
      if (!line.startsWith('#')) current.push(line);
    }
    if (current.join('').trim()) operations.push(current.join('\n'));
  }
  return operations.map((operation) => operation.trim()).filter(Boolean);
}

let production: LambdaHandler;
let dossierId: string;

beforeAll(async () => {
  await setUpProvince();
  production = await loadHandler({ STAGE: 'prod' });
  const submitted = await post(
    production,
    {
      query: `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
      variables: {
        input: {
          procedureCode: '1.001776',
          applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: COMMUNE } },
          documents: [{ code: 'TO_KHAI_TCXH' }],
        },
      },
    },
    reception,
  );
  dossierId = (submitted.json!.data as { submitDossier: { id: string } }).submitDossier.id;
});

describe('legitimate operations in production', () => {
  it('finds the README’s examples', () => {
    expect(readmeOperations().length).toBeGreaterThanOrEqual(8);
  });

  it('refuses none of the README’s examples for a limit', async () => {
    for (const operation of readmeOperations()) {
      const answer = await post(production, { query: operation.replaceAll('<id>', dossierId) }, reception);
      const refusals = codes(answer).filter((code) => code in EDGE_ERROR_CODES);
      expect(refusals, `${operation}\n→ ${answer.text}`).toEqual([]);
    }
  });
});
