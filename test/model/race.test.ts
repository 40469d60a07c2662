/**
 * Races through the real GraphQL handler on DynamoDB Local (issue 3): many officers acting on ONE
 * dossier at the same version — exactly one wins, every other gets a typed STALE_VERSION or
 * CONFLICT, and the history stays gap-free with the winner's event recorded — and many
 * acceptances at one agency at once, whose dossier codes must be unique and consecutive.
 *
 * The decisions on the interconnected procedure 1.001776 are the district's (issue 4): the
 * dossiers are received at the commune, handed to the district, delivered by the district's own
 * system (acknowledgeHandoff) and taken over by the district before its officers race.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dossier, DossierEvent } from '#domain/dossier';
import { fold } from '#domain/lifecycle';
import { sharedDocumentClient } from '#store/clients';
import { type Services, servicesForTable } from '../../functions/services';
import { type Claims, type GraphQLResponse, graphqlClient } from '../support/graphql-client';
import { type ProvinceFixture, setUpProvince } from '../support/province-fixture';

const COMMUNE = '06.063.02014'; // Xã Dương Phong
const DISTRICT = '06.063';
/** A commune no other test of this file accepts at: its counter starts at zero. */
const COUNTER_COMMUNE = '06.058.01834';

const officers = (agency: string, roles: string, count: number, prefix: string): Claims[] =>
  Array.from({ length: count }, (_, index) => ({ sub: `${prefix}-${String(index + 1).padStart(2, '0')}`, agency, roles }));

const reception: Claims = { sub: 'tn-duongphong', agency: COMMUNE, roles: 'RECEPTION_OFFICER' };
const districtSystem: Claims = { sub: 'he-thong-bachthong', agency: DISTRICT, roles: 'AGENCY_SYSTEM' };
const districtHead: Claims = { sub: 'ld-bachthong', agency: DISTRICT, roles: 'AGENCY_HEAD' };

let fixture: ProvinceFixture;
let gql: ReturnType<typeof graphqlClient>;
let read: (id: string) => Promise<{ head: Dossier; history: DossierEvent[] }>;
let services: Services;

beforeAll(async () => {
  fixture = await setUpProvince();
  const { handler } = await import('#graphql/handler');
  gql = graphqlClient(handler as Parameters<typeof graphqlClient>[0]);
  services = servicesForTable(fixture.tableName, { db: sharedDocumentClient() });
  read = async (id) => {
    const [head, history] = await Promise.all([services.dossiers.get(id), services.dossiers.history(id)]);
    return { head: head!, history };
  };
});

const codeOf = (response: GraphQLResponse) => (response.errors?.length ? String(response.errors[0]!.extensions?.code) : 'OK');

/**
 * Where a STALE_VERSION loser lost: at its read (the winner had already committed; the error names
 * the current version) or at its transaction's version condition (both read the same version and
 * raced to write). A race where every loser lost at the read would not test the write guard.
 */
const lostAt = (response: GraphQLResponse) => (response.errors?.[0]?.extensions?.currentVersion !== undefined ? 'read' : 'write');
const lossPlaces = new Map<string, number>();

async function submitted(procedureCode: string, documents: string[], claims = reception): Promise<{ id: string; version: number }> {
  const response = await gql<{ submitDossier: { id: string; version: number } }>(
    `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { id version } }`,
    {
      input: {
        procedureCode,
        applicant: { kind: 'CITIZEN', fullName: 'Đinh Thị Thu', address: { communeAgencyCode: COMMUNE } },
        documents: documents.map((code) => ({ code })),
      },
    },
    claims,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.submitDossier;
}

async function received(claims = reception): Promise<{ id: string; version: number; dueAt: string }> {
  const { id } = await submitted('1.001776', ['TO_KHAI_TCXH'], claims);
  const response = await gql<{ acceptDossier: { id: string; version: number; dueAt: string } }>(
    `mutation ($id: ID!) { acceptDossier(id: $id, expectedVersion: 1) { id version dueAt } }`,
    { id },
    claims,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.acceptDossier;
}

/** Received at the commune, handed to the district and delivered there: awaiting the district's acceptance. */
async function deliveredToDistrict(): Promise<{ id: string; version: number; dueAt: string }> {
  const dossier = await received();
  const sent = await gql<{ transferDossier: { version: number; pendingHandoff: { id: string } } }>(
    `mutation ($id: ID!, $v: Int!, $to: ID!) { transferDossier(id: $id, expectedVersion: $v, toAgency: $to) { version pendingHandoff { id } } }`,
    { id: dossier.id, v: dossier.version, to: DISTRICT },
    reception,
  );
  expect(sent.errors).toBeUndefined();
  const ack = await gql<{ acknowledgeHandoff: { outcome: string } }>(
    `mutation ($d: ID!, $h: ID!) { acknowledgeHandoff(dossierId: $d, handoffId: $h, kind: HANDOFF) { outcome } }`,
    { d: dossier.id, h: sent.data!.transferDossier.pendingHandoff.id },
    districtSystem,
  );
  expect(ack.errors).toBeUndefined();
  expect(ack.data!.acknowledgeHandoff.outcome).toBe('DELIVERED');
  const { head } = await consistent(dossier.id);
  expect(head).toMatchObject({ holderAgency: DISTRICT, phase: 'TRANSFERRED', handoff: { toAgency: DISTRICT } });
  return { id: dossier.id, version: head.version, dueAt: dossier.dueAt };
}

/** Delivered to the district and taken over by its head: the district's to decide. */
async function atDistrict(): Promise<{ id: string; version: number; dueAt: string }> {
  const dossier = await deliveredToDistrict();
  const taken = await gql<{ acceptHandoff: { version: number } }>(
    `mutation ($id: ID!, $v: Int!) { acceptHandoff(id: $id, expectedVersion: $v) { version } }`,
    { id: dossier.id, v: dossier.version },
    districtHead,
  );
  expect(taken.errors).toBeUndefined();
  return { ...dossier, version: taken.data!.acceptHandoff.version };
}

/** The stored head and history: versions 1..n, the head is their fold. */
async function consistent(id: string): Promise<{ head: Dossier; history: DossierEvent[] }> {
  const { head, history } = await read(id);
  expect(history.map((event) => event.version)).toEqual(Array.from({ length: head.version }, (_, index) => index + 1));
  expect(fold(history)).toEqual(head);
  return { head, history };
}

interface Contender {
  label: string;
  claims: Claims;
  mutation: string;
  variables: Record<string, unknown>;
  /** The event the contender's action records, and what the head shows if it won. */
  event: string;
  expect: (head: Dossier) => void;
}

/** Fires every contender at once, on the same version; checks one winner and typed losers. */
async function race(id: string, version: number, contenders: Contender[]) {
  const responses = await Promise.all(
    contenders.map((contender) => gql(contender.mutation, { id, v: version, ...contender.variables }, contender.claims)),
  );
  const codes = responses.map(codeOf);
  const winners = contenders.filter((_, index) => codes[index] === 'OK');
  expect(winners, `codes: ${codes.join(' ')}`).toHaveLength(1);
  const losers = codes.filter((code) => code !== 'OK');
  expect(
    new Set(losers).size === 0 || [...new Set(losers)].every((code) => code === 'STALE_VERSION' || code === 'CONFLICT'),
    `loser codes: ${[...new Set(losers)].join(', ')}`,
  ).toBe(true);
  // A loser gets an error and no dossier.
  responses.forEach((response, index) => {
    if (codes[index] === 'OK') return;
    expect(response.data ?? null).toBeNull();
    const place = codes[index] === 'CONFLICT' ? 'conflict' : lostAt(response);
    lossPlaces.set(place, (lossPlaces.get(place) ?? 0) + 1);
  });
  const winner = winners[0]!;
  const { head, history } = await consistent(id);
  expect(head.version).toBe(version + 1);
  const recorded = history.at(-1)!;
  expect({ type: recorded.type, actor: recorded.actor.officerId }).toEqual({ type: winner.event, actor: winner.claims.sub });
  winner.expect(head);
  return { winner, codes, head };
}

describe('one dossier, many officers at the same version', () => {
  it('lets exactly one of 40 officers win each step of a dossier, recording the winner’s action', async () => {
    const dossier = await deliveredToDistrict();
    const tally = new Map<string, number>();
    const count = (codes: string[]) => {
      for (const code of codes) tally.set(code, (tally.get(code) ?? 0) + 1);
    };

    // 40 district officers and systems take the delivered handoff over.
    const takers = (['RECEPTION_OFFICER', 'HANDLING_OFFICER', 'AGENCY_HEAD', 'AGENCY_SYSTEM'] as const).flatMap((roles) =>
      officers(DISTRICT, roles, 10, `nhan-${roles.slice(0, 4).toLowerCase()}`),
    );
    const take = await race(
      dossier.id,
      dossier.version,
      takers.map((claims) => ({
        label: claims.sub,
        claims,
        mutation: `mutation ($id: ID!, $v: Int!) { acceptHandoff(id: $id, expectedVersion: $v) { version } }`,
        variables: {},
        event: 'HANDOFF_ACCEPTED',
        expect: (head) =>
          expect(head).toMatchObject({
            holderAgency: DISTRICT,
            phase: 'TRANSFERRED',
            handoff: { toAgency: DISTRICT, acceptedAt: expect.any(String) },
          }),
      })),
    );
    count(take.codes);

    // 40 heads assign the dossier, each to their own officer.
    const heads = officers(DISTRICT, 'AGENCY_HEAD', 40, 'ld');
    const assign = await race(
      dossier.id,
      take.head.version,
      heads.map((claims) => ({
        label: claims.sub,
        claims,
        mutation: `mutation ($id: ID!, $v: Int!, $who: String!) { assignDossier(id: $id, expectedVersion: $v, assignee: $who) { version } }`,
        variables: { who: `cv-of-${claims.sub}` },
        event: 'ASSIGNED',
        expect: (head) => expect(head).toMatchObject({ status: 'IN_PROCESSING', phase: 'ASSIGNED', assignee: `cv-of-${claims.sub}` }),
      })),
    );
    count(assign.codes);

    // 40 handling officers start the appraisal; then 40 submit it for signature.
    const handlers = officers(DISTRICT, 'HANDLING_OFFICER', 40, 'cv');
    let version = assign.head.version;
    for (const [mutation, event, phase] of [
      ['startAppraisal', 'APPRAISAL_STARTED', 'APPRAISING'],
      ['submitForSignature', 'SUBMITTED_FOR_SIGNATURE', 'AWAITING_SIGNATURE'],
    ] as const) {
      const step = await race(
        dossier.id,
        version,
        handlers.map((claims) => ({
          label: claims.sub,
          claims,
          mutation: `mutation ($id: ID!, $v: Int!) { ${mutation}(id: $id, expectedVersion: $v) { version } }`,
          variables: {},
          event,
          expect: (head) => expect(head).toMatchObject({ status: 'IN_PROCESSING', phase }),
        })),
      );
      count(step.codes);
      version = step.head.version;
    }

    // 40 leaders sign, half approving and half denying: the issued result is the winner's decision.
    const signers = officers(DISTRICT, 'APPROVER', 40, 'pct');
    const sign = await race(
      dossier.id,
      version,
      signers.map((claims, index) => {
        const decision = index % 2 === 0 ? 'APPROVED' : 'DENIED';
        return {
          label: claims.sub,
          claims,
          mutation: `mutation ($id: ID!, $v: Int!, $d: Decision!) { signDossier(id: $id, expectedVersion: $v, decision: $d) { version } }`,
          variables: { d: decision },
          event: 'SIGNED',
          expect: (head) => expect(head).toMatchObject({ phase: 'SIGNED', pendingDecision: decision }),
        };
      }),
    );
    count(sign.codes);
    const signed = sign.head.pendingDecision;
    const issue = await race(
      dossier.id,
      sign.head.version,
      handlers.map((claims) => ({
        label: claims.sub,
        claims,
        mutation: `mutation ($id: ID!, $v: Int!) { issueResult(id: $id, expectedVersion: $v) { version } }`,
        variables: {},
        event: 'ISSUED',
        expect: (head) => expect(head).toMatchObject({ status: 'RESOLVED', result: { decision: signed } }),
      })),
    );
    count(issue.codes);
    const { history } = await consistent(dossier.id);
    expect(history.map((event) => event.type)).toEqual([
      'SUBMITTED',
      'ACCEPTED',
      'TRANSFERRED',
      'DELIVERED',
      'HANDOFF_ACCEPTED',
      'ASSIGNED',
      'APPRAISAL_STARTED',
      'SUBMITTED_FOR_SIGNATURE',
      'SIGNED',
      'ISSUED',
    ]);
    // Every decision was taken at the district.
    expect(history.slice(5).map((event) => event.actor.agencyCode)).toEqual(Array(5).fill(DISTRICT));
    console.log(
      `[race] same action × 40 officers, 6 rounds: ${[...tally.entries()].map(([code, n]) => `${code} ${n}`).join(', ')}; losers lost at: ${[...lossPlaces.entries()].map(([place, n]) => `${place} ${n}`).join(', ')}`,
    );
    // Some officers read the same version as the winner and lost at the write: a real race.
    expect((lossPlaces.get('write') ?? 0) + (lossPlaces.get('conflict') ?? 0)).toBeGreaterThan(0);
  });

  it('lets exactly one of 36 different actions win, and records that one', async () => {
    const tally = new Map<string, number>();
    const winners = new Map<string, number>();
    for (let round = 0; round < 6; round += 1) {
      // At the district, which has taken the dossier over; the applicant may withdraw at the commune.
      const dossier = await atDistrict();
      const revisedDueAt = new Date(Date.parse(dossier.dueAt) + 5 * 86_400_000).toISOString();
      const six = (roles: string, prefix: string) => officers(DISTRICT, roles, 6, `${prefix}${round}`);
      const contenders: Contender[] = [
        ...six('RECEPTION_OFFICER', 'tn').map((claims) => ({
          label: 'TRANSFER',
          claims,
          mutation: `mutation ($id: ID!, $v: Int!, $to: ID!) { transferDossier(id: $id, expectedVersion: $v, toAgency: $to) { version } }`,
          variables: { to: COMMUNE },
          event: 'TRANSFERRED',
          expect: (head: Dossier) => {
            expect(head).toMatchObject({
              status: 'IN_PROCESSING',
              phase: 'TRANSFERRED',
              handoff: { kind: 'FORWARD', fromAgency: DISTRICT, toAgency: COMMUNE },
            });
            expect(head.holderAgency).toBeUndefined();
          },
        })),
        ...six('AGENCY_HEAD', 'ld').map((claims) => ({
          label: 'ASSIGN',
          claims,
          mutation: `mutation ($id: ID!, $v: Int!, $who: String!) { assignDossier(id: $id, expectedVersion: $v, assignee: $who) { version } }`,
          variables: { who: `cv-of-${claims.sub}` },
          event: 'ASSIGNED',
          expect: (head: Dossier) => expect(head).toMatchObject({ phase: 'ASSIGNED', assignee: `cv-of-${claims.sub}` }),
        })),
        ...six('HANDLING_OFFICER', 'cv').map((claims) => ({
          label: 'REQUEST_SUPPLEMENT',
          claims,
          mutation: `mutation ($id: ID!, $v: Int!) { requestSupplement(id: $id, expectedVersion: $v, items: [{ code: "GIAY_XAC_NHAN_KT" }], reason: "Bổ sung giấy xác nhận") { version } }`,
          variables: {},
          event: 'SUPPLEMENT_REQUESTED',
          expect: (head: Dossier) => expect(head).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', clock: { supplementRequests: 1 } }),
        })),
        ...six('HANDLING_OFFICER', 'tc').map((claims) => ({
          label: 'REQUEST_FINANCIAL_OBLIGATION',
          claims,
          mutation: `mutation ($id: ID!, $v: Int!) { requestFinancialObligation(id: $id, expectedVersion: $v, amount: 50000, reason: "Lệ phí") { version } }`,
          variables: {},
          event: 'FINANCIAL_OBLIGATION_REQUESTED',
          expect: (head: Dossier) => expect(head.status).toBe('AWAITING_FINANCIAL_OBLIGATION'),
        })),
        ...six('AGENCY_HEAD', 'xl').map((claims) => ({
          label: 'APOLOGIZE',
          claims,
          mutation: `mutation ($id: ID!, $v: Int!, $d: DateTime!) { apologize(id: $id, expectedVersion: $v, reason: "Chờ xác minh", revisedDueAt: $d) { version } }`,
          variables: { d: revisedDueAt },
          event: 'APOLOGIZED',
          expect: (head: Dossier) =>
            expect(head).toMatchObject({ status: 'IN_PROCESSING', phase: 'TRANSFERRED', apology: { officerId: claims.sub } }),
        })),
        ...officers(COMMUNE, 'RECEPTION_OFFICER', 6, `rut${round}`).map((claims) => ({
          label: 'WITHDRAW',
          claims,
          mutation: `mutation ($id: ID!, $v: Int!) { withdrawDossier(id: $id, expectedVersion: $v, reason: "Không có nhu cầu") { version } }`,
          variables: {},
          event: 'WITHDRAWN',
          expect: (head: Dossier) => expect(head.status).toBe('WITHDRAWN'),
        })),
      ];
      // Interleave the kinds, so no action has a head start from its position in the list.
      const shuffled = contenders
        .map((contender, index) => ({ contender, key: (index * 7919 + round * 104_729) % 36 }))
        .sort((a, b) => a.key - b.key)
        .map(({ contender }) => contender);
      const { winner, codes } = await race(dossier.id, dossier.version, shuffled);
      for (const code of codes) tally.set(code, (tally.get(code) ?? 0) + 1);
      winners.set(winner.label, (winners.get(winner.label) ?? 0) + 1);
    }
    console.log(
      `[race] 6 actions × 6 officers, 6 rounds: ${[...tally.entries()].map(([code, n]) => `${code} ${n}`).join(', ')}; winners: ${[...winners.entries()].map(([label, n]) => `${label} ${n}`).join(', ')}; losers so far lost at: ${[...lossPlaces.entries()].map(([place, n]) => `${place} ${n}`).join(', ')}`,
    );
  });

  it('lets a delivered handoff be either taken over or sent back, once', async () => {
    const tally = new Map<string, number>();
    const winners = new Map<string, number>();
    for (let round = 0; round < 3; round += 1) {
      const dossier = await deliveredToDistrict();
      const contenders: Contender[] = [
        ...officers(DISTRICT, 'HANDLING_OFFICER', 20, `nhan${round}`).map((claims) => ({
          label: 'ACCEPT_HANDOFF',
          claims,
          mutation: `mutation ($id: ID!, $v: Int!) { acceptHandoff(id: $id, expectedVersion: $v) { version } }`,
          variables: {},
          event: 'HANDOFF_ACCEPTED',
          expect: (head: Dossier) =>
            expect(head).toMatchObject({ holderAgency: DISTRICT, handoff: { kind: 'FORWARD', acceptedAt: expect.any(String) } }),
        })),
        ...officers(DISTRICT, 'AGENCY_HEAD', 20, `tra${round}`).map((claims) => ({
          label: 'RETURN_HANDOFF',
          claims,
          mutation: `mutation ($id: ID!, $v: Int!, $r: String!) { returnHandoff(id: $id, expectedVersion: $v, reason: $r) { version } }`,
          variables: { r: `Thiếu biên bản xét duyệt (${claims.sub})` },
          event: 'HANDOFF_RETURNED',
          expect: (head: Dossier) => {
            // Sent back to the commune, with the winner's reason, through the queue.
            expect(head).toMatchObject({
              phase: 'TRANSFERRED',
              routeStep: 1,
              handoff: {
                kind: 'RETURN',
                fromAgency: DISTRICT,
                toAgency: COMMUNE,
                routeStep: 0,
                reason: `Thiếu biên bản xét duyệt (${claims.sub})`,
              },
            });
            expect(head.holderAgency).toBeUndefined();
          },
        })),
      ];
      const shuffled = contenders
        .map((contender, index) => ({ contender, key: (index * 7919 + round * 104_729) % 40 }))
        .sort((a, b) => a.key - b.key)
        .map(({ contender }) => contender);
      const { winner, codes, head } = await race(dossier.id, dossier.version, shuffled);
      for (const code of codes) tally.set(code, (tally.get(code) ?? 0) + 1);
      winners.set(winner.label, (winners.get(winner.label) ?? 0) + 1);
      if (winner.label === 'RETURN_HANDOFF') {
        // The commune's queue delivers the RETURN handoff once; the commune takes it back.
        const message = { kind: 'RETURN' as const, dossierId: dossier.id, handoffId: head.handoff!.id, toAgency: COMMUNE };
        expect(await services.dossiers.deliver(message)).toBe('DELIVERED');
        expect(await services.dossiers.deliver(message)).toBe('ALREADY_DELIVERED');
        const back = await gql<{ acceptHandoff: { version: number; holderAgency: { code: string } } }>(
          `mutation ($id: ID!, $v: Int!) { acceptHandoff(id: $id, expectedVersion: $v) { version holderAgency { code } } }`,
          { id: dossier.id, v: head.version + 1 },
          reception,
        );
        expect(back.errors).toBeUndefined();
        expect(back.data!.acceptHandoff.holderAgency.code).toBe(COMMUNE);
        const { history } = await consistent(dossier.id);
        expect(history.slice(-4).map((event) => event.type)).toEqual(['DELIVERED', 'HANDOFF_RETURNED', 'DELIVERED', 'HANDOFF_ACCEPTED']);
      }
    }
    console.log(
      `[race] accept or send back a delivered handoff × 40 officers, 3 rounds: ${[...tally.entries()].map(([code, n]) => `${code} ${n}`).join(', ')}; winners: ${[...winners.entries()].map(([label, n]) => `${label} ${n}`).join(', ')}`,
    );
  });
});

describe('many acceptances at one agency at once', () => {
  it('gives 40 dossiers accepted concurrently unique, consecutive codes from 0001', async () => {
    const clerk: Claims = { sub: 'tn-01834', agency: COUNTER_COMMUNE, roles: 'RECEPTION_OFFICER' };
    const dossiers = await Promise.all(Array.from({ length: 40 }, () => submitted('2.000815', ['BAN_CHINH', 'BAN_SAO'], clerk)));
    const clerks = officers(COUNTER_COMMUNE, 'RECEPTION_OFFICER', 40, 'tn');
    const accept = (id: string, claims: Claims) =>
      gql<{ acceptDossier: { id: string; code: string; version: number } }>(
        `mutation ($id: ID!) { acceptDossier(id: $id, expectedVersion: 1) { id code version } }`,
        { id },
        claims,
      );
    const responses = await Promise.all(dossiers.map((dossier, index) => accept(dossier.id, clerks[index]!)));
    // The service retries on the day's counter itself; past its limit an officer is told CONFLICT
    // (typed, nothing written) and clicks again, as a front end would let them.
    let conflicts = 0;
    for (let round = 0; round < 3; round += 1) {
      const again = responses.flatMap((response, index) => (codeOf(response) === 'CONFLICT' ? [index] : []));
      conflicts += again.length;
      const retried = await Promise.all(again.map((index) => accept(dossiers[index]!.id, clerks[index]!)));
      again.forEach((index, position) => {
        responses[index] = retried[position]!;
      });
    }
    console.log(`[race] 40 concurrent acceptances at ${COUNTER_COMMUNE}: ${conflicts} answered CONFLICT and were retried`);
    const codes = responses.map(codeOf);
    expect(
      codes.filter((code) => code !== 'OK'),
      `acceptance errors: ${codes.join(' ')}`,
    ).toEqual([]);
    const accepted = responses.map((response) => response.data!.acceptDossier.code);
    expect(new Set(accepted).size).toBe(40);
    for (const code of accepted) expect(code).toMatch(new RegExp(`^${COUNTER_COMMUNE.replaceAll('.', '\\.')}-\\d{6}-\\d{4}$`));
    // Per Vietnamese day (a run across midnight starts a new day at 0001): 0001, 0002, … without gaps.
    const byDay = new Map<string, number[]>();
    for (const code of accepted) {
      const [day, sequence] = code.slice(COUNTER_COMMUNE.length + 1).split('-');
      byDay.set(day!, [...(byDay.get(day!) ?? []), Number(sequence)]);
    }
    for (const sequences of byDay.values()) {
      expect(sequences.sort((a, b) => a - b)).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
    }
    // Each dossier's own history is one acceptance, and its head carries the code it was answered.
    for (const response of responses) {
      const { head, history } = await consistent(response.data!.acceptDossier.id);
      expect(head.code).toBe(response.data!.acceptDossier.code);
      expect(history.map((event) => event.type)).toEqual(['SUBMITTED', 'ACCEPTED']);
    }
  });
});
