import type { Claims, GraphQLCall, GraphQLResponse } from './platform';

/**
 * The dossier operations the benches drive through the GraphQL handler, with the selection sets
 * a client would ask (those of the API tests, the receipt reduced to fields that survive the schema's
 * move from `receipt` to `forms`), and a minimal variant that selects only scalars of the dossier
 * itself, so service reads and field-resolver reads can be told apart.
 */

/** Bắc Kạn: Dương Phong commune in Bạch Thông district, the demo one-stop. */
export const DEMO_COMMUNE = '06.063.02014';
export const DEMO_DISTRICT = '06.063';

/**
 * Commune-received procedures of the starter catalog: certified copies (one step), birth
 * registration (one step) and monthly social allowance (interconnected commune → district).
 */
export const PROCEDURES = {
  simple: {
    code: '2.000815',
    documents: [
      { code: 'BAN_CHINH', copies: 1 },
      { code: 'BAN_SAO', copies: 3 },
    ],
  },
  birth: {
    code: '1.001193',
    documents: [
      { code: 'TO_KHAI_KS', copies: 1 },
      { code: 'GIAY_CHUNG_SINH', copies: 1 },
    ],
  },
  interconnected: { code: '1.001776', documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }] },
} as const;

export type FlowKind = keyof typeof PROCEDURES;
export type Selection = 'typical' | 'minimal';
export type TransitionName = 'submit' | 'accept' | 'transfer';

export interface Site {
  commune: string;
  district: string;
}

export const receptionOfficer = (commune: string, sub = 'tn'): Claims => ({
  sub,
  name: 'Cán bộ một cửa',
  agency: commune,
  roles: 'RECEPTION_OFFICER',
});

export const MUTATIONS: Record<TransitionName, Record<Selection, string>> = {
  submit: {
    typical: `mutation Submit($input: SubmitDossierInput!) {
      submitDossier(input: $input) { id status version code receivingAgency { code } holderAgency { code } } }`,
    minimal: `mutation Submit($input: SubmitDossierInput!) { submitDossier(input: $input) { id version } }`,
  },
  accept: {
    // What the receipt (Form 01) shows: code, dates and the receiving one-stop's names.
    typical: `mutation Accept($id: ID!, $v: Int!) {
      acceptDossier(id: $id, expectedVersion: $v) {
        id code status version dueAt receivedAt receivingAgency { name oneStopName } } }`,
    minimal: `mutation Accept($id: ID!, $v: Int!) { acceptDossier(id: $id, expectedVersion: $v) { id version code } }`,
  },
  transfer: {
    typical: `mutation Transfer($id: ID!, $to: ID!, $v: Int!) {
      transferDossier(id: $id, toAgency: $to, expectedVersion: $v) {
        id status version holderAgency { code } pendingHandoff { id toAgency { code } } } }`,
    minimal: `mutation Transfer($id: ID!, $to: ID!, $v: Int!) { transferDossier(id: $id, toAgency: $to, expectedVersion: $v) { id version } }`,
  },
};

export function submitInput(kind: FlowKind, commune: string): Record<string, unknown> {
  return {
    procedureCode: PROCEDURES[kind].code,
    applicant: {
      kind: 'CITIZEN',
      fullName: 'Hoàng Thị Lan',
      idNumber: '006190001234',
      phone: '0912345678',
      address: { communeAgencyCode: commune, street: 'Thôn Nà Lẹng' },
    },
    documents: PROCEDURES[kind].documents.map((document) => ({ ...document })),
  };
}

export interface TransitionOutcome {
  name: TransitionName;
  ms: number;
  /** The GraphQL error code when the mutation failed, and its message. */
  error?: string;
  message?: string;
}

export interface DossierRef {
  id: string;
  version: number;
  code?: string | undefined;
}

interface MutationResult {
  id: string;
  version: number;
  code?: string | null;
}

/** Sends one mutation and times it; a GraphQL error becomes `error`, never an exception. */
export async function transition(
  gql: GraphQLCall,
  name: TransitionName,
  variables: Record<string, unknown>,
  claims: Claims,
  selection: Selection = 'typical',
): Promise<{ outcome: TransitionOutcome; dossier?: DossierRef }> {
  const started = performance.now();
  const response: GraphQLResponse<Record<string, MutationResult>> = await gql(MUTATIONS[name][selection], variables, claims);
  const ms = performance.now() - started;
  const result = response.data ? Object.values(response.data)[0] : undefined;
  if (response.errors?.length || !result) {
    const first = response.errors?.[0];
    return { outcome: { name, ms, error: first?.extensions?.code ?? 'NO_DATA', message: first?.message ?? `HTTP ${response.statusCode}` } };
  }
  return { outcome: { name, ms }, dossier: { id: result.id, version: result.version, ...(result.code ? { code: result.code } : {}) } };
}

/**
 * One dossier's life at a one-stop: submit and accept; an interconnected procedure is then
 * transferred to the district. Stops at the first failed transition.
 */
export async function runFlow(
  gql: GraphQLCall,
  kind: FlowKind,
  site: Site,
  claims: Claims,
  onTransition: (outcome: TransitionOutcome) => void = () => {},
  selection: Selection = 'typical',
): Promise<DossierRef | undefined> {
  const submitted = await transition(gql, 'submit', { input: submitInput(kind, site.commune) }, claims, selection);
  onTransition(submitted.outcome);
  if (!submitted.dossier) return undefined;
  const accepted = await transition(gql, 'accept', { id: submitted.dossier.id, v: submitted.dossier.version }, claims, selection);
  onTransition(accepted.outcome);
  if (!accepted.dossier || kind !== 'interconnected') return accepted.dossier;
  const transferred = await transition(
    gql,
    'transfer',
    { id: accepted.dossier.id, to: site.district, v: accepted.dossier.version },
    claims,
    selection,
  );
  onTransition(transferred.outcome);
  return transferred.dossier ? { ...transferred.dossier, code: accepted.dossier.code } : undefined;
}

/** Transitions in one flow of each kind. */
export const FLOW_LENGTH: Record<FlowKind, number> = { simple: 2, birth: 2, interconnected: 3 };
