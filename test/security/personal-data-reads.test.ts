import { beforeAll, describe, expect, it } from 'vitest';
import { dossierPage } from '#print/pages';
import { sharedDocumentClient } from '#store/clients';
import { type Services, servicesForTable } from '../../functions/services';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { setUpProvince } from '../support/province-fixture';

/**
 * Every path that shows the applicant's personal data in full records the read (issue 13): the
 * audited `dossier(id)` did; now the inbox, the search by ID number, the forms as data and the
 * printed forms do too, once per request and dossier. The register masks contact data instead.
 * An agency later on the route reads the dossier, with personal data masked until it arrives.
 */
const COMMUNE = '06.063.02014';
const DISTRICT = '06.063';
const CCCD = '006190005678';
const PHONE = '0987654321';

const officerAt = (sub: string, agency = COMMUNE, roles = 'RECEPTION_OFFICER'): Claims => ({ sub, agency, roles });

let gql: ReturnType<typeof graphqlClient>;
let services: Services;
let id: string;

beforeAll(async () => {
  const fixture = await setUpProvince();
  gql = graphqlClient((await import('#graphql/handler')).handler as Parameters<typeof graphqlClient>[0]);
  services = servicesForTable(fixture.tableName, { db: sharedDocumentClient() });
  const submitted = await gql<{ submitDossier: { id: string } }>(
    'mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }',
    {
      input: {
        procedureCode: '1.001776',
        applicant: { kind: 'CITIZEN', fullName: 'Lý Văn Hùng', idNumber: CCCD, phone: PHONE, address: { communeAgencyCode: COMMUNE } },
        documents: [{ code: 'TO_KHAI_TCXH' }],
      },
    },
    officerAt('prep'),
  );
  id = submitted.data!.submitDossier.id;
  await gql('mutation ($id: ID!) { acceptDossier(id: $id, expectedVersion: 1) { id } }', { id }, officerAt('prep'));
});

/** Officers whose reads the dossier's read log holds. */
const readers = async () => new Set((await services.dossiers.readLog(id, 500)).map((read) => read.officerId));

describe('reads of personal data', () => {
  it('the inbox records a read only when it shows personal data in full, once per request', async () => {
    await gql('{ inbox(first: 50) { nodes { id applicant { fullName } } } }', {}, officerAt('inbox-masked'));
    expect(await readers()).not.toContain('inbox-masked');

    const shown = await gql<{ inbox: { nodes: { id: string; applicant: { idNumber: string; phone: string } }[] } }>(
      '{ inbox(first: 50) { nodes { id applicant { idNumber phone } forms { receipt { applicantPhone } } } } }',
      {},
      officerAt('inbox-full'),
    );
    expect(shown.data!.inbox.nodes.find((node) => node.id === id)?.applicant).toEqual({ idNumber: CCCD, phone: PHONE });
    const log = await services.dossiers.readLog(id, 500);
    expect(log.filter((read) => read.officerId === 'inbox-full')).toHaveLength(1);
  });

  it('the search by citizen ID records a read of each dossier it shows in full', async () => {
    await gql('query ($n: String!) { dossiersByCitizenId(idNumber: $n) { id applicant { idNumber } } }', { n: CCCD }, officerAt('search'));
    expect(await readers()).toContain('search');
  });

  it('the forms as data record a read when they carry contact data in full', async () => {
    await gql('{ inbox { nodes { forms { receipt { applicantPhone } } } } }', {}, officerAt('forms'));
    expect(await readers()).toContain('forms');
  });

  it('a printed form records a read', async () => {
    const page = await dossierPage(
      services,
      { officerId: 'printer', name: 'In', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] },
      id,
      '01',
      'print-1',
    );
    expect(page.html).toContain(PHONE);
    expect(await readers()).toContain('printer');
  });

  it('the register shows contact data masked, recording nothing', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const book = await gql<{ trackingBook: { rows: { applicantPhone: string | null }[] } }>(
      'query ($from: DateTime!, $to: DateTime!) { trackingBook(from: $from, to: $to) { rows { applicantPhone } } }',
      { from, to },
      officerAt('register'),
    );
    expect(book.errors, JSON.stringify(book.errors)).toBeUndefined();
    expect(book.data!.trackingBook.rows.map((row) => row.applicantPhone)).toContain('*******321');
    expect(JSON.stringify(book.data)).not.toContain(PHONE);
    expect(await readers()).not.toContain('register');
  });

  it('an agency later on the route reads the dossier before it arrives, with personal data masked', async () => {
    const district = await gql<{ dossier: { id: string; applicant: { idNumber: string } } | null }>(
      'query ($id: ID!) { dossier(id: $id) { id applicant { idNumber } } }',
      { id },
      officerAt('district', DISTRICT, 'HANDLING_OFFICER'),
    );
    expect(district.data?.dossier?.id).toBe(id);
    expect(district.data?.dossier?.applicant.idNumber).toBe('*********678');
  });
});
