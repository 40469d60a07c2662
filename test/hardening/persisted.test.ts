import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { stripIgnoredCharacters } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_ERROR_CODES } from '#graphql/hardening/codes';
import { bundledManifest, sha256Hex } from '#graphql/persisted';
import { printedText } from '#graphql/persisted/build';
import { createApolloServer } from '#graphql/server';
import { generatedManifestText, MANIFEST_PATH } from '../../scripts/persisted-operations';
import type { Claims } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';
import { codes, httpEvent, invoke, type LambdaHandler, loadHandler, post } from './support';

const reception: Claims = { sub: 'tn-duongphong', agency: '06.063.02014', roles: 'RECEPTION_OFFICER' };
const byName = new Map(bundledManifest.operations.map((operation) => [operation.name, operation]));
const operation = (name: string) => {
  const found = byName.get(name);
  if (!found) throw new Error(`no persisted operation ${name}`);
  return found;
};
const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const AD_HOC = '{ me { id name } }';

let required: LambdaHandler;
let optional: LambdaHandler;

beforeAll(async () => {
  await setUpProvince();
  required = await loadHandler({ STAGE: 'prod', PERSISTED_OPERATIONS: 'required' });
  optional = await loadHandler({ STAGE: 'prod' });
});

describe('the manifest', () => {
  it('is generated from the operation documents (run `npx tsx scripts/persisted-operations.ts` after changing them)', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(generatedManifestText());
  });

  it('names each operation once, by the SHA-256 of its printed text, in Apollo’s manifest format', () => {
    expect(bundledManifest).toMatchObject({ format: 'apollo-persisted-query-manifest', version: 1 });
    for (const entry of bundledManifest.operations) {
      // The body is carried stripped (smaller bundle); the id stays the hash of the text clients send.
      expect(entry.id).toBe(sha256Hex(printedText(entry.body)));
      expect(entry.body).toBe(stripIgnoredCharacters(entry.body));
      expect(entry.body.length).toBeLessThan(printedText(entry.body).length);
    }
    expect(new Set(bundledManifest.operations.map((entry) => entry.name)).size).toBe(bundledManifest.operations.length);
    // The README's examples and the lifecycle's actions are all there.
    for (const name of [
      'Procedures',
      'AgencyTree',
      'SubmitDossier',
      'AcceptDossier',
      'TransferDossier',
      'Inbox',
      'DossierHistory',
      'LookupDossier',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
  });

  it('holds only operations within every limit', async () => {
    for (const entry of bundledManifest.operations) {
      const answer = await post(required, { extensions: apq(entry.id), variables: {} }, reception);
      // Without variables most fail at execution (BAD_USER_INPUT): after every limit has passed.
      const refusals = codes(answer).filter((code) => code in EDGE_ERROR_CODES || code.startsWith('PERSISTED_'));
      expect(refusals, `${entry.name}: ${answer.text}`).toEqual([]);
    }
  });
});

describe('PERSISTED_OPERATIONS=required', () => {
  it('serves a manifest operation by its APQ hash, by documentId, and by its exact text', async () => {
    const me = operation('Me');
    const text = printedText(me.body);
    for (const body of [{ extensions: apq(me.id) }, { documentId: `sha256:${me.id}` }, { documentId: me.id }, { query: text }]) {
      const answer = await post(required, body, reception);
      expect(answer.status, JSON.stringify(body)).toBe(200);
      expect(answer.json?.data).toMatchObject({ me: { id: reception.sub } });
    }
    const params = new URLSearchParams({ documentId: `sha256:${me.id}` });
    const get = await invoke(
      required,
      httpEvent({ method: 'GET', rawQueryString: params.toString(), headers: { 'apollo-require-preflight': 'true' }, claims: reception }),
    );
    expect(get.json?.data).toMatchObject({ me: { id: reception.sub } });
  });

  it('passes variables and the operation name along', async () => {
    const lookup = operation('Procedure');
    const answer = await post(required, { documentId: lookup.id, operationName: 'Procedure', variables: { code: '1.001776' } }, reception);
    expect(answer.json?.data).toMatchObject({ procedure: { code: '1.001776' } });
  });

  it('refuses an ad-hoc document with PERSISTED_QUERY_REQUIRED, before parsing it', async () => {
    const me = operation('Me');
    // A text other than the printed one is not the manifest's, the stripped body included.
    for (const body of [{ query: AD_HOC }, { query: `${printedText(me.body)} ` }, { query: me.body }, { query: 'not even { graphql' }]) {
      const answer = await post(required, body, reception);
      expect(codes(answer), JSON.stringify(body)).toEqual(['PERSISTED_QUERY_REQUIRED']);
      expect(answer.status).toBe(400);
    }
    const get = await invoke(
      required,
      httpEvent({
        method: 'GET',
        rawQueryString: `query=${encodeURIComponent(AD_HOC)}`,
        headers: { 'apollo-require-preflight': 'true' },
        claims: reception,
      }),
    );
    expect(codes(get)).toEqual(['PERSISTED_QUERY_REQUIRED']);
  });

  it('answers an unknown id as Apollo’s APQ does, and refuses to register its text', async () => {
    const unknown = sha256Hex(AD_HOC);
    expect(codes(await post(required, { extensions: apq(unknown) }, reception))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(codes(await post(required, { documentId: `sha256:${'0'.repeat(64)}` }, reception))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    // An APQ client's retry with the text: still not served, and not stored either.
    expect(codes(await post(required, { query: AD_HOC, extensions: apq(unknown) }, reception))).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect(codes(await post(required, { extensions: apq(unknown) }, reception))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('refuses a manifest id sent with another text, and malformed ids', async () => {
    const mismatch = await post(required, { query: AD_HOC, extensions: apq(operation('Me').id) }, reception);
    expect(codes(mismatch)).toEqual(['BAD_REQUEST']);
    expect(mismatch.status).toBe(400);
    expect(codes(await post(required, { documentId: 42 }, reception))).toEqual(['BAD_REQUEST']);
    expect(codes(await post(required, { documentId: operation('Me').id, query: AD_HOC }, reception))).toEqual(['BAD_REQUEST']);
    expect(
      codes(await post(required, { extensions: { persistedQuery: { version: 2, sha256Hash: operation('Me').id } } }, reception)),
    ).toEqual(['BAD_REQUEST']);
  });

  it('is enforced by the Apollo plugin too, behind the Lambda edge', async () => {
    const server = createApolloServer({ stage: 'prod', persistedOperations: 'required', logger: new Logger({ logLevel: 'SILENT' }) });
    const errorCodes = async (query: string) => {
      const response = await server.executeOperation({ query });
      return response.body.kind === 'single'
        ? (response.body.singleResult.errors ?? []).map((error) => error.extensions?.code)
        : ['INCREMENTAL'];
    };
    expect(await errorCodes(AD_HOC)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect(await errorCodes(printedText(operation('Me').body))).not.toContain('PERSISTED_QUERY_REQUIRED');
    await server.stop();
  });

  it('refuses to start with a value it does not know', () => {
    expect(() => createApolloServer({ stage: 'prod', persistedOperations: 'yes', logger: new Logger({ logLevel: 'SILENT' }) })).toThrow(
      /PERSISTED_OPERATIONS/,
    );
  });
});

describe('PERSISTED_OPERATIONS=optional (unset)', () => {
  it('serves ad-hoc documents and manifest ids alike', async () => {
    expect((await post(optional, { query: AD_HOC }, reception)).json?.data).toMatchObject({ me: { id: reception.sub } });
    expect((await post(optional, { documentId: operation('Me').id }, reception)).json?.data).toMatchObject({ me: { id: reception.sub } });
  });

  it('answers APQ for ids outside the manifest with NOT_FOUND, then runs the text without storing it', async () => {
    const unknown = sha256Hex(AD_HOC);
    expect(codes(await post(optional, { extensions: apq(unknown) }, reception))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await post(optional, { query: AD_HOC, extensions: apq(unknown) }, reception)).json?.data).toMatchObject({
      me: { id: reception.sub },
    });
    expect(codes(await post(optional, { extensions: apq(unknown) }, reception))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});
