import { beforeAll, describe, expect, it } from 'vitest';
import { toVnIso, vnTime } from '#domain/calendar';
import type { Feedback } from '#domain/feedback';
import type { Caller } from '#domain/lifecycle';
import { lookupSecret } from '#domain/lookup-secret';
import { paknPanel } from '#print/dashboard-data';
import type { SendFeedbackCommand } from '#services/feedback';
import { hashKey } from '#store/keys-config';
import { CLIENT_ATTEMPTS_PER_HOUR, type Services, servicesForTable } from '../../functions/services';
import { type Claims, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';
import { tableSnapshot as snapshotOf } from '../support/table-snapshot';

/**
 * Feedback (PAKN) through every step on a fixed clock, against DynamoDB Local. The dates cross
 * the 2026 Hùng Kings and 30/4–1/5 breaks, so the deadlines below (written by hand) are working days.
 */
const COMMUNE = '06.063.02014';
const OTHER_COMMUNE = '06.063.02017';
const DISTRICT = '06.063';
const officer = (agencyCode: string, role = 'HANDLING_OFFICER'): Caller => ({
  officerId: `cv-${agencyCode}`,
  name: 'Chuyên viên',
  agencyCode,
  roles: [role],
});
const communeOfficer = officer(COMMUNE);
const districtOfficer = officer(DISTRICT);
const vn = (at: string | undefined) => (at ? toVnIso(new Date(at)) : undefined);

let fixture: ProvinceFixture;
let services: Services;
let gql: ReturnType<typeof graphqlClient>;
let clock = vnTime('2026-04-23', '09:00'); // a Thursday
let sources = 0;

beforeAll(async () => {
  fixture = await setUpProvince();
  services = servicesForTable(fixture.tableName, { now: () => clock });
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
});

const snapshot = () => snapshotOf(fixture.dynamo, fixture.tableName);
const send = (command: Partial<SendFeedbackCommand> = {}) =>
  services.feedback.send(
    { content: 'Thủ tục yêu cầu quá nhiều giấy tờ', agencyCode: COMMUNE, procedureCode: '2.000815', ...command },
    `10.0.0.${++sources}`,
  );
const step = (caller: Caller, item: Feedback, command: Parameters<Services['feedback']['handle']>[2]) =>
  services.feedback.handle(caller, item.id, command);
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('a feedback item, step by step', () => {
  it('within authority: received, classified, answered, published, each with its working-day deadline', async () => {
    clock = vnTime('2026-04-23', '09:00');
    const received = await send({ contact: { name: 'Lan', phone: '0912345678', email: 'lan@example.vn' } });
    expect(received).toMatchObject({ status: 'RECEIVED', holderAgency: COMMUNE, topic: 'PROCEDURE' });
    expect(received.code).toMatch(/^PAKN-260423-[2-9A-Z]{8}$/);
    expect(received.deadline).toEqual({ step: 'CLASSIFY', at: vnTime('2026-04-28', '09:00').toISOString() });

    clock = vnTime('2026-04-24', '09:00');
    const classified = await step(communeOfficer, received, { step: 'CLASSIFY', classification: 'WITHIN_AUTHORITY' });
    expect(classified.status).toBe('IN_HANDLING');
    // 15 working days from Friday 24/4: 25–27/4 and 30/4–3/5 are days off.
    expect(vn(classified.deadline?.at)).toBe('2026-05-20T09:00:00+07:00');
    expect(await codeOf(step(communeOfficer, classified, { step: 'PUBLISH' }))).toBe('FEEDBACK_STEP_NOT_ALLOWED');

    clock = vnTime('2026-05-12', '10:00');
    const answered = await step(communeOfficer, classified, {
      step: 'ANSWER',
      answer: 'Đã rà soát, kiến nghị đơn giản hóa thành phần hồ sơ.',
    });
    expect(answered.answer).toMatchObject({ onTime: true });
    expect(vn(answered.deadline?.at)).toBe('2026-05-14T10:00:00+07:00');
    const notYet = await services.feedback.byCode(answered.code);
    expect(notYet?.status).toBe('ANSWERED');

    const published = await step(communeOfficer, answered, { step: 'PUBLISH' });
    expect(published.status).toBe('PUBLISHED');
    expect(published.deadline).toBeUndefined();
    const history = await services.feedback.item(communeOfficer, published.id);
    expect(history?.history.map((event) => event.type)).toEqual([
      'FEEDBACK_RECEIVED',
      'FEEDBACK_CLASSIFIED',
      'FEEDBACK_ANSWERED',
      'FEEDBACK_PUBLISHED',
    ]);
    expect(await services.feedback.inbox(COMMUNE, 'ALL', 100)).not.toContainEqual(expect.objectContaining({ id: published.id }));

    // The public sees the answer once published, and no contact details.
    const status = await gql<{ feedbackStatus: Record<string, unknown> }>(
      'query ($c: String!) { feedbackStatus(code: $c) { code status answer } }',
      { c: published.code },
    );
    expect(status.data!.feedbackStatus).toEqual({
      code: published.code,
      status: 'PUBLISHED',
      answer: expect.stringContaining('đơn giản hóa'),
    });
    const list = await gql<{ publishedFeedback: Record<string, unknown>[] }>(
      'query ($a: ID!) { publishedFeedback(agencyCode: $a) { code procedureCode answer } }',
      { a: COMMUNE },
    );
    expect(list.data!.publishedFeedback).toEqual([
      { code: published.code, procedureCode: '2.000815', answer: expect.stringContaining('đơn giản hóa') },
    ]);
    expect(JSON.stringify(list.data)).not.toMatch(/0912345678|lan@example|quá nhiều giấy tờ/);
    expect(await services.feedback.onTimePercent(COMMUNE, '2026-04-01', '2026-06-30')).toBe(100);
  });

  it('outside authority: forwarded within 5 working days to the competent agency, which answers', async () => {
    clock = vnTime('2026-04-23', '09:00');
    const received = await send();
    const classified = await step(communeOfficer, received, {
      step: 'CLASSIFY',
      classification: 'OUTSIDE_AUTHORITY',
      note: 'Thẩm quyền của huyện',
    });
    expect(classified.status).toBe('AWAITING_FORWARD');
    // Five working days from the day received (Thursday 23/4).
    expect(vn(classified.deadline?.at)).toBe('2026-05-05T09:00:00+07:00');
    expect(await codeOf(step(communeOfficer, classified, { step: 'FORWARD', toAgency: '06.999' }))).toBe('AGENCY_NOT_FOUND');
    expect(await codeOf(step(communeOfficer, classified, { step: 'FORWARD' }))).toBe('BAD_INPUT');

    clock = vnTime('2026-04-28', '14:00');
    const forwarded = await step(communeOfficer, classified, { step: 'FORWARD', toAgency: DISTRICT });
    expect(forwarded).toMatchObject({ status: 'IN_HANDLING', holderAgency: DISTRICT, forwardedTo: { agencyCode: DISTRICT } });
    expect(await codeOf(step(communeOfficer, forwarded, { step: 'ANSWER', answer: 'x' }))).toBe('FEEDBACK_NOT_FOUND');
    const districtInbox = await services.feedback.inbox(DISTRICT, 'ALL', 100);
    expect(districtInbox.map((item) => item.id)).toContain(forwarded.id);
    const answered = await step(districtOfficer, forwarded, { step: 'ANSWER', answer: 'Huyện đã trả lời.' });
    expect(answered.holderAgency).toBe(DISTRICT);

    // Forwarded to a body outside the province: closed here.
    const other = await step(communeOfficer, await send(), { step: 'CLASSIFY', classification: 'OUTSIDE_AUTHORITY' });
    const out = await step(communeOfficer, other, { step: 'FORWARD', externalBody: 'Bộ Tư pháp' });
    expect(out.status).toBe('FORWARDED');
  });

  it('rejected with a reason, conduct routed to another agency; wrong input stores nothing', async () => {
    clock = vnTime('2026-04-23', '09:00');
    const received = await send();
    const before = await snapshot();
    expect(await codeOf(step(communeOfficer, received, { step: 'CLASSIFY', classification: 'REJECTED' }))).toBe('BAD_INPUT');
    expect(await codeOf(step(communeOfficer, received, { step: 'CLASSIFY', classification: 'WITHIN_AUTHORITY', routeTo: DISTRICT }))).toBe(
      'BAD_INPUT',
    );
    expect(await codeOf(step(officer(OTHER_COMMUNE), received, { step: 'CLASSIFY', classification: 'WITHIN_AUTHORITY' }))).toBe(
      'FEEDBACK_NOT_FOUND',
    );
    expect(await snapshot()).toBe(before);
    const rejected = await step(communeOfficer, received, {
      step: 'CLASSIFY',
      classification: 'REJECTED',
      note: 'Không thuộc phạm vi (Điều 7)',
    });
    expect(rejected.status).toBe('REJECTED');

    const conduct = await step(communeOfficer, await send({ content: 'Cán bộ hẹn nhiều lần' }), {
      step: 'CLASSIFY',
      classification: 'CONDUCT',
      routeTo: DISTRICT,
    });
    expect(conduct).toMatchObject({ status: 'IN_HANDLING', holderAgency: DISTRICT });
    // Conduct is answered like feedback on a dossier: 10 working days.
    expect(vn(conduct.deadline?.at)).toBe('2026-05-12T09:00:00+07:00');
  });
});

describe('sending feedback', () => {
  it('about a dossier, with its code and the receipt secret: goes to its competent agency', async () => {
    clock = new Date();
    const rec: Caller = { officerId: 'tn', name: 'Tiếp nhận', agencyCode: COMMUNE, roles: ['RECEPTION_OFFICER'] };
    const submitted = await services.dossiers.submit(rec, {
      procedureCode: '2.000815',
      channel: 'DIRECT',
      applicant: { kind: 'CITIZEN', fullName: 'Hoàng Thị Lan', address: { communeAgencyCode: COMMUNE } },
      documents: [
        { code: 'BAN_CHINH', copies: 1 },
        { code: 'BAN_SAO', copies: 1 },
      ],
    });
    const dossier = await services.dossiers.accept(rec, submitted.id, submitted.version);
    const before = await snapshot();
    expect(await codeOf(send({ dossierCode: dossier.code!, agencyCode: undefined }))).toBe('BAD_INPUT');
    expect(await codeOf(send({ dossierCode: dossier.code!, secret: 'AAAAAA' }))).toBe('DOSSIER_NOT_FOUND');
    // Only the lookup's attempt counters (LOOKUP#, LOOKUP_CLIENT#) change: no feedback is stored.
    const after = (await snapshot()).split('\n').filter((line) => !line.includes('LOOKUP'));
    expect(after).toEqual(before.split('\n').filter((line) => !line.includes('LOOKUP')));

    const item = await send({
      dossierCode: dossier.code!,
      secret: lookupSecret(dossier.code!, hashKey('LOOKUP_SECRET_KEY')),
      agencyCode: undefined,
    });
    expect(item).toMatchObject({
      topic: 'DOSSIER',
      dossierCode: dossier.code,
      holderAgency: dossier.competentAgency,
      procedureCode: '2.000815',
    });
  });

  it('publicly through GraphQL, contact details masked for officers who do not handle it', async () => {
    const sent = await gql<{ sendFeedback: { code: string; status: string } }>(
      'mutation ($i: SendFeedbackInput!) { sendFeedback(input: $i) { code status } }',
      {
        i: {
          content: 'Cổng dịch vụ công báo lỗi khi nộp',
          agencyCode: OTHER_COMMUNE,
          contact: { phone: '0987654321', email: 'an@example.vn' },
        },
      },
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendFeedback.status).toBe('RECEIVED');
    const inbox = `{ feedbackInbox { code contact { phone email } deadline { step marker overdue } } }`;
    const reception: Claims = { sub: 'tn-qt', agency: OTHER_COMMUNE, roles: 'RECEPTION_OFFICER' };
    const handling: Claims = { sub: 'cv-qt', agency: OTHER_COMMUNE, roles: 'HANDLING_OFFICER' };
    type Inbox = { feedbackInbox: { code: string; contact: { phone: string; email: string } }[] };
    const masked = (await gql<Inbox>(inbox, {}, reception)).data!.feedbackInbox.find((row) => row.code === sent.data!.sendFeedback.code);
    expect(masked?.contact).toEqual({ phone: '*******321', email: 'a***@example.vn' });
    const open = (await gql<Inbox>(inbox, {}, handling)).data!.feedbackInbox.find((row) => row.code === sent.data!.sendFeedback.code);
    expect(open?.contact).toEqual({ phone: '0987654321', email: 'an@example.vn' });
  });

  it('bad input at the public entry is a typed error and stores nothing; a flood from one source is slowed down', async () => {
    clock = vnTime('2026-06-01', '09:00');
    const before = await snapshot();
    expect(await codeOf(send({ content: '   ' }))).toBe('BAD_INPUT');
    expect(await codeOf(send({ contact: { phone: 'gọi tôi' } }))).toBe('BAD_INPUT');
    expect(await codeOf(send({ agencyCode: undefined }))).toBe('BAD_INPUT');
    expect(await codeOf(send({ agencyCode: '06.999' }))).toBe('AGENCY_NOT_FOUND');
    expect(await codeOf(send({ procedureCode: '9.999999' }))).toBe('PROCEDURE_NOT_FOUND');
    expect(await snapshot()).toBe(before);

    const flood = (n: number) => services.feedback.send({ content: `Ý kiến ${n}`, agencyCode: COMMUNE }, '203.0.113.9');
    // One client's public budget an hour (shared with status lookups), then refused until the next hour.
    const outcomes: string[] = [];
    for (let n = 1; n <= CLIENT_ATTEMPTS_PER_HOUR + 2; n += 1) outcomes.push(await codeOf(flood(n)));
    expect(outcomes).toEqual([...Array(CLIENT_ATTEMPTS_PER_HOUR).fill('OK'), 'TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
    const other = await codeOf(services.feedback.send({ content: 'Ý kiến khác', agencyCode: COMMUNE }, 'another-client'));
    expect(other).toBe('OK');
  });
});

describe('the PAKN inbox and overview on a fixed clock', () => {
  it('lists overdue and nearly-due items and counts the backlog', async () => {
    const agency = '06.063.02011';
    const [known] = await services.agencies.getMany([agency]);
    if (!known) throw new Error(`fixture lacks ${agency}`);
    const at = async (day: string) => {
      clock = vnTime(day, '09:00');
      return send({ agencyCode: agency });
    };
    const late = await at('2026-04-20'); // classify by 22/4
    const soon = await at('2026-04-24'); // classify by 29/4
    const later = await at('2026-04-29'); // classify by 5/5
    clock = vnTime('2026-04-28', '10:00');
    const overview = await services.feedback.overview(agency);
    expect(overview).toMatchObject({ backlog: 3, overdueCount: 1, nearlyDueCount: 1 });
    expect(overview.overdue.map((item) => item.id)).toEqual([late.id]);
    expect(overview.nearlyDue.map((item) => item.id)).toEqual([soon.id]);
    expect((await services.feedback.inbox(agency, 'ALL', 10)).map((item) => item.id)).toEqual([late.id, soon.id, later.id]);

    const graph = await gql<{ feedbackOverview: { backlog: number } }>(
      'query ($a: ID!) { feedbackOverview(agencyCode: $a) { backlog overdueCount nearlyDueCount } }',
      { a: agency },
      { sub: 'ct-tinh', agency: '06', roles: 'PROVINCE_ADMIN' },
    );
    expect(graph.data!.feedbackOverview.backlog).toBe(3);

    // The quality dashboard's PAKN panel reads the same overview, for those who may see it.
    const admin: Caller = { officerId: 'ct-tinh', name: 'Quản trị', agencyCode: '06', roles: ['PROVINCE_ADMIN'] };
    expect(await paknPanel(services, admin, agency)).toEqual({
      backlog: 3,
      overdueCount: 1,
      nearlyDueCount: 1,
      overdue: [{ label: late.code, dueAt: late.deadline?.at }],
    });
    expect(await paknPanel(services, officer(OTHER_COMMUNE), agency)).toBeNull();
    expect(await paknPanel(services, admin, '')).toBeNull();
  });
});
