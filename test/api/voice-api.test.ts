import { beforeAll, describe, expect, it } from 'vitest';
import { toVnIso } from '#domain/calendar';
import type { Dossier } from '#domain/dossier';
import type { Caller } from '#domain/lifecycle';
import { lookupSecret } from '#domain/lookup-secret';
import { hashKey } from '#store/keys-config';
import { type Services, servicesForTable } from '../../functions/services';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { tableSnapshot as snapshotOf } from '../support/table-snapshot';

/**
 * Issue 12, the citizens' voice, through the real GraphQL handler against DynamoDB Local: a
 * dossier is rated once (at the counter or online with the receipt's secret), officers see only
 * counts, and bad input stores nothing.
 */
const COMMUNE = '06.063.02014';
const OTHER_COMMUNE = '06.063.02017';
const reception: Claims = { sub: 'tn-duongphong', name: 'Cán bộ một cửa', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const otherReception: Claims = { ...reception, sub: 'tn-quangthuan', agency: OTHER_COMMUNE };
const head: Claims = { sub: 'ct-duongphong', agency: COMMUNE, roles: 'AGENCY_HEAD' };
const admin: Claims = { sub: 'qt-tinh', agency: '06', roles: 'PROVINCE_ADMIN' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
let services: Services;

beforeAll(async () => {
  fixture = await setUpProvince();
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
  services = servicesForTable(fixture.tableName);
});

const snapshot = () => snapshotOf(fixture.dynamo, fixture.tableName);
const secretOf = (dossier: Dossier) => lookupSecret(dossier.code!, hashKey('LOOKUP_SECRET_KEY'));
const today = () => toVnIso(new Date()).slice(0, 10);

/** A dossier decided at the counter; returned to the applicant unless `returned` is false. */
async function decided(returned = true, agencyCode = COMMUNE): Promise<Dossier> {
  const rec: Caller = { officerId: 'tn', name: 'Cán bộ một cửa', agencyCode, roles: ['RECEPTION_OFFICER'] };
  const submitted = await services.dossiers.submit(rec, {
    procedureCode: '2.000815',
    channel: 'DIRECT',
    applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', phone: '0912345678', address: { communeAgencyCode: agencyCode } },
    documents: [
      { code: 'BAN_CHINH', copies: 1 },
      { code: 'BAN_SAO', copies: 1 },
    ],
  });
  const accepted = await services.dossiers.accept(rec, submitted.id, submitted.version);
  const approved = (await services.dossiers.act(rec, accepted.id, accepted.version, { action: 'APPROVE_AT_COUNTER', decision: 'APPROVED' }))
    .dossier;
  if (!returned) return approved;
  return (await services.dossiers.act(rec, approved.id, approved.version, { action: 'RETURN_RESULT', deliveryMode: 'COUNTER' })).dossier;
}

const AT_COUNTER = `mutation ($id: ID!, $rating: RatingInput!) { rateAtCounter(dossierId: $id, rating: $rating) { dossierCode ratedAt } }`;
const ONLINE = `mutation ($code: String!, $secret: String!, $rating: RatingInput!) { rateService(code: $code, secret: $secret, rating: $rating) { dossierCode ratedAt } }`;
const SATISFACTION = `query ($scope: SatisfactionScope!, $period: SatisfactionPeriod!) {
  satisfaction(scope: $scope, period: $period) {
    figures { total satisfiedPercent levels { level count percent } }
    byAgency { agencyCode figures { total } }
    byProcedure { procedureCode figures { total } }
  }
}`;
const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.[0]?.extensions?.code;

describe('rating a dossier', () => {
  it('at the counter: once, after the result was returned, by an agency on the dossier', async () => {
    const dossier = await decided();
    const before = await snapshot();
    const missingReason = await gql(AT_COUNTER, { id: dossier.id, rating: { level: 'DISSATISFIED' } }, reception);
    expect(codeOf(missingReason)).toBe('BAD_INPUT');
    const elsewhere = await gql(AT_COUNTER, { id: dossier.id, rating: { level: 'SATISFIED' } }, otherReception);
    expect(codeOf(elsewhere)).toBe('DOSSIER_NOT_FOUND');
    expect(await snapshot()).toBe(before);

    const rated = await gql<{ rateAtCounter: { dossierCode: string } }>(
      AT_COUNTER,
      { id: dossier.id, rating: { level: 'DISSATISFIED', reason: 'Chờ lâu' } },
      reception,
    );
    expect(rated.errors).toBeUndefined();
    expect(rated.data!.rateAtCounter.dossierCode).toBe(dossier.code);

    const after = await snapshot();
    const twice = await gql(AT_COUNTER, { id: dossier.id, rating: { level: 'VERY_SATISFIED' } }, reception);
    expect(codeOf(twice)).toBe('ALREADY_RATED');
    expect(await snapshot()).toBe(after);
  });

  it('not before the result is returned', async () => {
    const dossier = await decided(false);
    const early = await gql(AT_COUNTER, { id: dossier.id, rating: { level: 'SATISFIED' } }, reception);
    expect(codeOf(early)).toBe('RATING_NOT_OPEN');
  });

  it('online with the code and the receipt secret (public): a wrong secret rates nothing; twice is refused', async () => {
    const dossier = await decided();
    const status = `query ($code: String!, $secret: String!) { lookupDossier(code: $code, secret: $secret) { canRate } }`;
    expect(
      (await gql<{ lookupDossier: { canRate: boolean } }>(status, { code: dossier.code, secret: secretOf(dossier) })).data!.lookupDossier
        .canRate,
    ).toBe(true);

    const wrong = await gql(ONLINE, { code: dossier.code, secret: 'AAAAAA', rating: { level: 'SATISFIED' } });
    expect(codeOf(wrong)).toBe('DOSSIER_NOT_FOUND');
    const noReason = await gql(ONLINE, { code: dossier.code, secret: secretOf(dossier), rating: { level: 'DISSATISFIED', reason: '  ' } });
    expect(codeOf(noReason)).toBe('BAD_INPUT');
    expect((await services.dossiers.get(dossier.id))!.version).toBe(dossier.version);

    const rated = await gql(ONLINE, { code: dossier.code, secret: secretOf(dossier).toLowerCase(), rating: { level: 'VERY_SATISFIED' } });
    expect(rated.errors).toBeUndefined();
    const twice = await gql(ONLINE, { code: dossier.code, secret: secretOf(dossier), rating: { level: 'SATISFIED' } });
    expect(codeOf(twice)).toBe('ALREADY_RATED');
    expect(
      (await gql<{ lookupDossier: { canRate: boolean } }>(status, { code: dossier.code, secret: secretOf(dossier) })).data!.lookupDossier
        .canRate,
    ).toBe(false);
  });

  it('officers never see how or when one dossier was rated: its history ends with the return', async () => {
    const dossier = await decided();
    await gql(AT_COUNTER, { id: dossier.id, rating: { level: 'DISSATISFIED', reason: 'Cán bộ thiếu nhiệt tình' } }, reception);
    const read = await gql<{ dossier: { history: { type: string }[] } }>(
      `query ($id: ID!) { dossier(id: $id) { history { type reason } } }`,
      { id: dossier.id },
      head,
    );
    expect(read.data!.dossier.history.at(-1)?.type).toBe('RESULT_RETURNED');
    expect(JSON.stringify(read.data)).not.toMatch(/RATED|DISSATISFIED|nhiệt tình/);
    // No field of a dossier can carry a level: the schema has none.
    const probe = await gql(`query ($id: ID!) { dossier(id: $id) { rating } }`, { id: dossier.id }, head);
    expect(codeOf(probe)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives the figures written by hand for four ratings at one agency', async () => {
    const ratings = [
      { level: 'VERY_SATISFIED' },
      { level: 'VERY_SATISFIED' },
      { level: 'SATISFIED' },
      { level: 'DISSATISFIED', reason: 'Phải đi lại hai lần' },
    ];
    for (const rating of ratings) {
      const dossier = await decided(true, OTHER_COMMUNE);
      const answer = await gql(ONLINE, { code: dossier.code, secret: secretOf(dossier), rating });
      expect(answer.errors).toBeUndefined();
    }
    const report = await gql<{ satisfaction: { figures: unknown } }>(
      SATISFACTION,
      { scope: { agencyCode: OTHER_COMMUNE }, period: { from: today(), to: today() } },
      admin,
    );
    expect(report.data!.satisfaction.figures).toEqual({
      total: 4,
      satisfiedPercent: 75,
      levels: [
        { level: 'VERY_SATISFIED', count: 2, percent: 50 },
        { level: 'SATISFIED', count: 1, percent: 25 },
        { level: 'DISSATISFIED', count: 1, percent: 25 },
      ],
    });
    const empty = await gql<{ satisfaction: { figures: unknown } }>(
      SATISFACTION,
      { scope: { agencyCode: OTHER_COMMUNE }, period: { from: '2025-01-01', to: '2025-01-31' } },
      admin,
    );
    expect(empty.data!.satisfaction.figures).toMatchObject({ total: 0, satisfiedPercent: null });
    const month = await gql<{ satisfaction: { byMonth: { month: string; figures: { total: number } }[] } }>(
      `query ($s: SatisfactionScope!, $p: SatisfactionPeriod!) { satisfaction(scope: $s, period: $p) { byMonth { month figures { total } } } }`,
      { s: { agencyCode: OTHER_COMMUNE }, p: { from: `${today().slice(0, 7)}-01`, to: today() } },
      admin,
    );
    expect(month.data!.satisfaction.byMonth).toEqual([{ month: today().slice(0, 7), figures: { total: 4 } }]);
  });

  it('counts ratings per level for the agency, the procedure and the province', async () => {
    const period = { from: today(), to: today() };
    const first = await gql<{ satisfaction: { figures: { total: number } } }>(
      SATISFACTION,
      { scope: { agencyCode: COMMUNE }, period },
      head,
    );
    const before = first.data!.satisfaction.figures.total;
    const dossier = await decided();
    await gql(AT_COUNTER, { id: dossier.id, rating: { level: 'SATISFIED' } }, reception);
    const after = await gql<{
      satisfaction: {
        figures: { total: number; satisfiedPercent: number; levels: { level: string; count: number }[] };
        byProcedure: { procedureCode: string }[];
      };
    }>(SATISFACTION, { scope: { agencyCode: COMMUNE }, period }, head);
    expect(after.errors).toBeUndefined();
    const figures = after.data!.satisfaction.figures;
    expect(figures.total).toBe(before + 1);
    expect(figures.levels.map((level) => level.level)).toEqual(['VERY_SATISFIED', 'SATISFIED', 'DISSATISFIED']);
    expect(figures.levels.reduce((sum, level) => sum + level.count, 0)).toBe(figures.total);
    expect(after.data!.satisfaction.byProcedure.map((row) => row.procedureCode)).toEqual(['2.000815']);

    const province = await gql<{ satisfaction: { figures: { total: number }; byAgency: { agencyCode: string }[] } }>(
      SATISFACTION,
      { scope: {}, period },
      admin,
    );
    expect(province.data!.satisfaction.byAgency.map((row) => row.agencyCode)).toContain(COMMUNE);
    expect(province.data!.satisfaction.figures.total).toBeGreaterThanOrEqual(figures.total);
    const byProcedure = await gql<{ satisfaction: { figures: { total: number } } }>(
      SATISFACTION,
      { scope: { procedureCode: '2.000815' }, period },
      admin,
    );
    expect(byProcedure.data!.satisfaction.figures.total).toBe(province.data!.satisfaction.figures.total);

    // A reception officer sees their own agency, not the province's or another's.
    expect(codeOf(await gql(SATISFACTION, { scope: {}, period }, reception))).toBe('FORBIDDEN');
    expect(codeOf(await gql(SATISFACTION, { scope: { agencyCode: OTHER_COMMUNE }, period }, reception))).toBe('FORBIDDEN');
    expect(codeOf(await gql(SATISFACTION, { scope: { agencyCode: COMMUNE }, period: { from: today(), to: '2020-01-01' } }, head))).toBe(
      'BAD_INPUT',
    );
    const notADay = { scope: { agencyCode: COMMUNE }, period: { from: '2026-02-30', to: '2026-03-31' } };
    expect(codeOf(await gql(SATISFACTION, notADay, head))).toBe('BAD_INPUT');
  });
});

describe('the quarterly agency evaluation', () => {
  const EVALUATION = `query ($a: ID!, $q: String!) { agencyEvaluation(agencyCode: $a, quarter: $q) { total maxTotal complete grade criteria { criterion { code figure } points source } } }`;
  const FILL = `mutation ($a: ID!, $q: String!, $s: [EvaluationScoreInput!]!) { fillAgencyEvaluation(agencyCode: $a, quarter: $q, scores: $s) { total complete grade } }`;
  const quarter = () => `${today().slice(0, 4)}-Q${Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1}`;

  it('takes the satisfaction figure, the agency fills the rest, and grades once complete', async () => {
    const dossier = await decided();
    await gql(AT_COUNTER, { id: dossier.id, rating: { level: 'VERY_SATISFIED' } }, reception);
    const measured = await gql<{
      agencyEvaluation: { complete: boolean; criteria: { criterion: { code: string }; source: string; points: number | null }[] };
    }>(EVALUATION, { a: COMMUNE, q: quarter() }, head);
    expect(measured.errors).toBeUndefined();
    const attitude = measured.data!.agencyEvaluation.criteria.find((row) => row.criterion.code === 'STAFF_ATTITUDE')!;
    expect(attitude.source).toBe('FIGURE');
    expect(measured.data!.agencyEvaluation.complete).toBe(false);

    const before = await snapshot();
    const bad = await gql(FILL, { a: COMMUNE, q: quarter(), s: [{ criterion: 'TOTAL_TIME', points: 2.3 }] }, head);
    expect(codeOf(bad)).toBe('BAD_INPUT');
    expect(codeOf(await gql(FILL, { a: COMMUNE, q: '2026-Q5', s: [] }, head))).toBe('BAD_INPUT');
    expect(codeOf(await gql(FILL, { a: COMMUNE, q: quarter(), s: [] }, reception))).toBe('FORBIDDEN');
    expect(await snapshot()).toBe(before);

    const agencyFilled = [
      'TOTAL_TIME',
      'TIME_PER_AGENCY',
      'CONTACTS',
      'AGENCIES_CONTACTED',
      'ONE_STOP_HANDLING',
      'PUBLICITY',
      'ONLINE_SERVICE',
      'FEEDBACK_HANDLING',
    ];
    const filled = await gql<{ fillAgencyEvaluation: { total: number; complete: boolean; grade: string } }>(
      FILL,
      { a: COMMUNE, q: quarter(), s: agencyFilled.map((criterion) => ({ criterion, points: 1.5 })) },
      head,
    );
    expect(filled.errors).toBeUndefined();
    expect(filled.data!.fillAgencyEvaluation.complete).toBe(true);
    expect(filled.data!.fillAgencyEvaluation.grade).toMatch(/EXCELLENT|GOOD|FAIR/);
  });

  it('takes a new version of the rules from a future quarter; earlier quarters keep theirs', async () => {
    const PUBLISH = `mutation ($i: EvaluationRulesInput!) { publishEvaluationRules(input: $i) { version from } }`;
    const next = `${Number(today().slice(0, 4)) + 1}-Q1`;
    const draft = {
      from: next,
      source: 'Quyết định của UBND tỉnh (kiểm thử)',
      criteria: [{ code: 'OVERALL', name: 'Đánh giá chung', maxPoints: 10, figure: 'SATISFIED_PERCENT' }],
      grades: [
        { grade: 'GOOD', label: 'Tốt', atLeast: 5 },
        { grade: 'WEAK', label: 'Yếu', atLeast: 0 },
      ],
    };
    const before = await snapshot();
    expect(codeOf(await gql(PUBLISH, { i: { ...draft, from: quarter() } }, admin))).toBe('BAD_INPUT');
    expect(codeOf(await gql(PUBLISH, { i: { ...draft, grades: [{ grade: 'GOOD', label: 'Tốt' }] } }, admin))).toBe('BAD_INPUT');
    expect(codeOf(await gql(PUBLISH, { i: draft }, head))).toBe('FORBIDDEN');
    expect(await snapshot()).toBe(before);

    const published = await gql<{ publishEvaluationRules: { version: number } }>(PUBLISH, { i: draft }, admin);
    expect(published.data!.publishEvaluationRules).toEqual({ version: 2, from: next });
    type Scored = { agencyEvaluation: { maxTotal: number; criteria: unknown[] } };
    const later = await gql<Scored>(EVALUATION, { a: COMMUNE, q: next }, head);
    expect(later.data!.agencyEvaluation).toMatchObject({ maxTotal: 10, criteria: [expect.anything()] });
    const now = await gql<Scored>(EVALUATION, { a: COMMUNE, q: quarter() }, head);
    expect(now.data!.agencyEvaluation).toMatchObject({ maxTotal: 18 });
  });
});
