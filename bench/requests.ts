import { lookupSecret } from '#domain/lookup-secret';
import { hashKey } from '#store/keys-config';
import { type Counts, describeCounts, describeTrace, repeatedReads, type TraceEntry, totalAttempts, totalCalls } from './ddb-counter';
import {
  DEMO_COMMUNE,
  DEMO_DISTRICT,
  type DossierRef,
  type FlowKind,
  receptionOfficer,
  type Selection,
  submitInput,
  type TransitionName,
  transition,
} from './dossier-flow';
import { fixed, printTable, section } from './format';
import type { GraphQLResponse, Platform } from './platform';

/**
 * Bench 3: DynamoDB requests per GraphQL operation, counted by SDK middleware on the handler's
 * own client. Each operation runs once with a minimal selection (scalars of the dossier only: what
 * the service itself reads and writes) and once with the selection a client would ask (the API
 * tests' selections: agencies, receipt, history...), so the field resolvers' share shows.
 * Capacity units are what DynamoDB Local reports with ReturnConsumedCapacity=INDEXES (in brackets:
 * the part spent on global secondary indexes).
 */

/**
 * The same operations before issue 14's floor work (main at 8a8592c, this bench, 2026-12-03):
 * requests / round trips, printed beside what this run measures. Counts do not depend on load.
 */
const BEFORE: Readonly<Record<string, string>> = {
  'submit minimal': '3 / 3',
  'accept minimal': '2 / 2',
  'transfer minimal': '2 / 2',
  'submit typical': '2 / 2',
  'accept typical': '3 / 3',
  'transfer typical': '2 / 2',
  'inbox minimal': '1 / 1',
  'inbox typical': '3 / 2',
  'public lookup by code minimal': '5 / 4',
  'public lookup by code typical': '6 / 5',
  // Not a row then; from the code at 8a8592c (three sequential awaits: two counts, the Query).
  'public lookup, wrong secret minimal': '3 / 3',
  'dossier + history minimal': '3 / 3',
  'dossier + history typical': '5 / 3',
};

/** "accept (2.000815)" → "accept", "inbox, first 20 of 25" → "inbox", "dossier + history (3 events)" → "dossier + history". */
const beforeOf = (row: OperationRow) => BEFORE[`${row.operation.replace(/ \(\d.*$|, first.*$/, '')} ${row.selection}`] ?? '?';

export interface RequestsOptions {
  /** Accepted dossiers in the inbox commune before its first page of 20 is read (> 20). */
  inboxSize: number;
}

export interface OperationRow {
  operation: string;
  selection: Selection;
  requests: number;
  attempts: number;
  roundTrips: number;
  byCommand: string;
  sequence: string;
  repeatedReads: string[];
  readUnits: number;
  writeUnits: number;
  /** Of those, the units spent on global secondary indexes. */
  indexReadUnits: number;
  indexWriteUnits: number;
  counts: Counts;
  error?: string;
}

export interface RequestsResult {
  inboxCommune: string;
  inboxSize: number;
  rows: OperationRow[];
}

const INBOX = {
  minimal: `query Inbox { inbox(first: 20) { nodes { id code status dueAt } pageInfo { endCursor hasNextPage } } }`,
  typical: `query Inbox { inbox(first: 20) {
    nodes { id code status statusLabel dueAt applicant { fullName } procedure { code name } receivingAgency { name } holderAgency { name } }
    pageInfo { endCursor hasNextPage } } }`,
} satisfies Record<Selection, string>;

const LOOKUP = {
  minimal: `query Lookup($code: String!, $secret: String!) { lookupDossier(code: $code, secret: $secret) { code status } }`,
  typical: `query Lookup($code: String!, $secret: String!) { lookupDossier(code: $code, secret: $secret) {
    code procedureName status statusLabel nationalStatusCode receivedAt dueAt receivingAgencyName holderAgencyName } }`,
} satisfies Record<Selection, string>;

const DOSSIER = {
  minimal: `query Dossier($id: ID!) { dossier(id: $id) { id status version history { version type at } } }`,
  typical: `query Dossier($id: ID!) { dossier(id: $id) {
    id code status statusLabel version dueAt procedure { name } receivingAgency { name } holderAgency { name }
    pendingHandoff { id fromAgency { name } toAgency { name } }
    history { version type at actorId actorRole agency { name } statusAfter note } } }`,
} satisfies Record<Selection, string>;

export async function runRequestsBench(platform: Platform, options: RequestsOptions): Promise<RequestsResult> {
  section("3. DynamoDB requests per GraphQL operation (SDK middleware on the handler's client)");
  const { counter, gql } = platform;
  const claims = receptionOfficer(DEMO_COMMUNE);
  const rows: OperationRow[] = [];
  counter.tracing = true;
  counter.captureCapacity = true;
  try {
    const record = async (operation: string, selection: Selection, work: () => Promise<string | undefined>) => {
      const { result: error, counts, trace } = await counter.measure(work);
      rows.push(row(operation, selection, counts, trace, error));
    };
    const mutate = async (name: TransitionName, variables: Record<string, unknown>, selection: Selection): Promise<DossierRef> => {
      let dossier: DossierRef | undefined;
      let message: string | undefined;
      await record(operationLabel(name), selection, async () => {
        const result = await transition(gql, name, variables, claims, selection);
        dossier = result.dossier;
        message = result.outcome.message;
        return result.outcome.error;
      });
      if (!dossier) throw new Error(`${name} (${selection} selection) failed: ${rows.at(-1)?.error}: ${message}`);
      return dossier;
    };

    const accepted: Partial<Record<Selection, DossierRef>> = {};
    const transferred: Partial<Record<Selection, DossierRef>> = {};
    for (const selection of ['minimal', 'typical'] as const) {
      const submitted = await mutate('submit', { input: submitInput('simple', DEMO_COMMUNE) }, selection);
      accepted[selection] = await mutate('accept', { id: submitted.id, v: submitted.version }, selection);
      const social = await prepare(platform, 'interconnected', DEMO_COMMUNE);
      transferred[selection] = await mutate('transfer', { id: social.id, to: DEMO_DISTRICT, v: social.version }, selection);
    }

    // The inbox commune gets its own dossiers, so the page is the same whatever ran before.
    const inboxCommune = platform.communes.at(-1)?.code ?? DEMO_COMMUNE;
    const kinds: FlowKind[] = ['simple', 'birth', 'interconnected'];
    for (let index = 0; index < options.inboxSize; index += 1) {
      await prepare(platform, kinds[index % kinds.length] as FlowKind, inboxCommune);
    }
    const inboxClaims = receptionOfficer(inboxCommune, 'tn-inbox');
    for (const selection of ['minimal', 'typical'] as const) {
      await record(`inbox, first 20 of ${options.inboxSize}`, selection, async () => {
        const response: GraphQLResponse<{ inbox: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }> = await gql(
          INBOX[selection],
          {},
          inboxClaims,
        );
        const page = response.data?.inbox;
        if (!page) return errorOf(response);
        return page.nodes.length === 20 && page.pageInfo.hasNextPage ? undefined : `page of ${page.nodes.length}`;
      });
    }

    for (const selection of ['minimal', 'typical'] as const) {
      const code = accepted.typical?.code;
      await record('public lookup by code', selection, async () => {
        const secret = lookupSecret(code ?? '', hashKey('LOOKUP_SECRET_KEY'));
        const response: GraphQLResponse<{ lookupDossier: { code: string } | null }> = await gql(LOOKUP[selection], { code, secret });
        return response.data?.lookupDossier?.code === code ? undefined : errorOf(response, 'not found');
      });
    }

    // The failure path: a wrong secret is counted and answered without reading the dossier.
    await record('public lookup, wrong secret', 'minimal', async () => {
      const code = accepted.minimal?.code;
      const response: GraphQLResponse<{ lookupDossier: { code: string } | null }> = await gql(LOOKUP.minimal, { code, secret: 'AAAAAA' });
      return response.data?.lookupDossier === null ? undefined : errorOf(response, 'found with a wrong secret');
    });

    for (const selection of ['minimal', 'typical'] as const) {
      const id = transferred.typical?.id;
      await record('dossier + history (3 events)', selection, async () => {
        const response: GraphQLResponse<{ dossier: { history: unknown[] } | null }> = await gql(DOSSIER[selection], { id }, claims);
        return response.data?.dossier?.history.length === 3 ? undefined : errorOf(response, 'no dossier or history');
      });
    }

    print(rows);
    return { inboxCommune, inboxSize: options.inboxSize, rows };
  } catch (error) {
    // Show what was measured before the failure; the operation that failed is named in the error.
    if (rows.length) print(rows);
    throw error;
  } finally {
    counter.tracing = false;
    counter.captureCapacity = false;
  }
}

function operationLabel(name: TransitionName): string {
  if (name === 'submit') return 'submit (2.000815)';
  if (name === 'accept') return 'accept (2.000815)';
  return 'transfer (1.001776 → district)';
}

/** A dossier submitted and accepted (not measured), ready for the next action. */
async function prepare(platform: Platform, kind: FlowKind, commune: string): Promise<DossierRef> {
  const claims = receptionOfficer(commune, `tn-${commune}`);
  const submitted = await transition(platform.gql, 'submit', { input: submitInput(kind, commune) }, claims, 'minimal');
  if (!submitted.dossier) {
    throw new Error(`Preparing a ${kind} dossier: submit failed with ${submitted.outcome.error}: ${submitted.outcome.message}`);
  }
  const accepted = await transition(platform.gql, 'accept', { id: submitted.dossier.id, v: submitted.dossier.version }, claims, 'minimal');
  if (!accepted.dossier) {
    throw new Error(`Preparing a ${kind} dossier: accept failed with ${accepted.outcome.error}: ${accepted.outcome.message}`);
  }
  return accepted.dossier;
}

const errorOf = (response: GraphQLResponse<unknown>, fallback = 'no data') => {
  const first = response.errors?.[0];
  return first ? `${first.extensions?.code ?? 'ERROR'}: ${first.message}` : fallback;
};

function row(operation: string, selection: Selection, counts: Counts, trace: TraceEntry[], error?: string): OperationRow {
  const { text, roundTrips } = describeTrace(trace);
  return {
    operation,
    selection,
    requests: totalCalls(counts),
    attempts: totalAttempts(counts),
    roundTrips,
    byCommand: describeCounts(counts),
    sequence: text,
    repeatedReads: repeatedReads(trace),
    readUnits: sum(counts, 'readUnits'),
    writeUnits: sum(counts, 'writeUnits'),
    indexReadUnits: sum(counts, 'indexReadUnits'),
    indexWriteUnits: sum(counts, 'indexWriteUnits'),
    counts,
    ...(error ? { error } : {}),
  };
}

const sum = (counts: Counts, field: 'readUnits' | 'writeUnits' | 'indexReadUnits' | 'indexWriteUnits') =>
  Object.values(counts).reduce((total, entry) => total + entry[field], 0);

/** "14.0 (8.0)": all units, and in brackets those spent on secondary indexes when there are any. */
const units = (total: number, onIndexes: number) => (onIndexes > 0 ? `${fixed(total)} (${fixed(onIndexes)})` : fixed(total));

function print(rows: OperationRow[]): void {
  printTable(
    ['operation', 'selection', 'before: req / trips', 'requests', 'trips', 'by command', 'RCU (GSI)', 'WCU (GSI)', 'same item read twice'],
    rows.map((entry) => [
      entry.operation,
      entry.selection,
      beforeOf(entry),
      entry.attempts === entry.requests ? String(entry.requests) : `${entry.requests} (${entry.attempts} HTTP)`,
      String(entry.roundTrips),
      entry.byCommand,
      units(entry.readUnits, entry.indexReadUnits),
      units(entry.writeUnits, entry.indexWriteUnits),
      entry.error ? `ERROR ${entry.error}` : entry.repeatedReads.join(', ') || '–',
    ]),
    ['before: req / trips', 'requests', 'trips', 'RCU (GSI)', 'WCU (GSI)'],
  );
  console.log('\n  Sequences (→ next round trip, ∥ sent together; what each request touched):');
  for (const entry of rows) console.log(`  ${`${entry.operation}, ${entry.selection}:`.padEnd(46)} ${entry.sequence}`);
}
