import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import type { Dossier, DossierEvent, DossierStatus } from '#domain/dossier';
import { citizenIdHash } from '#domain/personal-data';
import { agencyFromItem } from './agency-store';
import { batchRead } from './batch-read';
import { procedureFromItem } from './catalog-store';
import { type DeliveryLoad, loadForDelivery } from './delivery-load';
import { dossierFromItem, eventFromItem, type OpinionRequestRecord, opinionRequestFromItem } from './dossier-items';
import { hashKeyOf } from './keys-config';
import { decodeCursor, decodeCursorWithin, type Page, pageOfItems } from './pagination';
import type { Table } from './table';
import { INDEXES, type IndexDesign, keys } from './table-design';

export interface DossierReadRecord {
  officerId: string;
  agencyCode: string;
  roles: string[];
  at: string;
}

const asDossier = (item: Record<string, unknown> | undefined) => (item ? dossierFromItem(item) : undefined);
const asAgency = (item: Record<string, unknown> | undefined) => (item ? agencyFromItem(item) : undefined);

/**
 * The dossier's reads. Each `loadFor…` is everything one use case needs in ONE request (a
 * GetItem or a BatchGetItem of items from any partitions), so an action costs one read.
 */
export function dossierReads(table: Table) {
  const query = (input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) =>
    table.db.send(new QueryCommand({ TableName: table.name, ...input }));

  /** A page of an index partition; one item more than asked tells whether a next page exists. */
  async function indexPage(
    index: IndexDesign,
    partition: string,
    options: { first: number; after?: string; between?: [string, string] },
  ): Promise<Page<Dossier>> {
    const { Items = [] } = await query({
      IndexName: index.name,
      KeyConditionExpression: options.between ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey, ...(options.between ? { '#sk': index.sortKey } : {}) },
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(options.between ? { ':from': options.between[0], ':to': options.between[1] } : {}),
      },
      Limit: options.first + 1,
      ExclusiveStartKey: options.after ? startKeyOf(options.after) : undefined,
    });
    return pageOfItems(Items, options.first, ['PK', 'SK', index.partitionKey, index.sortKey], dossierFromItem);

    function startKeyOf(cursor: string) {
      const mustMatch = { [index.partitionKey]: partition };
      return options.between ? decodeCursorWithin(cursor, mustMatch, index.sortKey, options.between) : decodeCursor(cursor, mustMatch);
    }
  }

  /** Items of a dossier's partition whose sort key starts with `prefix`, every page. */
  async function partitionItems(id: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await query({
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.dossier(id).PK, ':prefix': prefix },
        ExclusiveStartKey: startKey,
      });
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  return {
    async dossier(id: string): Promise<Dossier | undefined> {
      const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.dossier(id) }));
      return asDossier(Item);
    },

    /**
     * A submission's reference data: the receiving agency, the procedure's current terms and the
     * subject commune with its ancestors. Eventually consistent: a procedure version published a
     * second ago may be seen a moment later.
     */
    async loadForSubmission(wanted: { agencyCode: string; procedureCode: string; chainCodes: readonly string[]; returnAtCode?: string }) {
      const returnAtKeys = wanted.returnAtCode === undefined ? [] : [keys.agency(wanted.returnAtCode)];
      const [receiving, procedure, ...rest] = await batchRead(
        table.db,
        table.name,
        [
          keys.agency(wanted.agencyCode),
          keys.procedureCurrent(wanted.procedureCode),
          ...wanted.chainCodes.map(keys.agency),
          ...returnAtKeys,
        ],
        false,
      );
      const chain = rest.slice(0, wanted.chainCodes.length);
      return {
        receivingAgency: asAgency(receiving),
        procedure: procedure ? procedureFromItem(procedure) : undefined,
        chain: chain.map(asAgency),
        returnAt: wanted.returnAtCode === undefined ? undefined : asAgency(rest[wanted.chainCodes.length]),
      };
    },

    async loadForTransfer(id: string, toAgency: string): Promise<{ dossier: Dossier | undefined; toAgency: Agency | undefined }> {
      const [head, agency] = await batchRead(table.db, table.name, [keys.dossier(id), keys.agency(toAgency)]);
      return { dossier: asDossier(head), toAgency: asAgency(agency) };
    },

    async loadForOpinionRequest(
      id: string,
      agencyCodes: readonly string[],
    ): Promise<{ dossier: Dossier | undefined; agencies: (Agency | undefined)[] }> {
      const [head, ...agencies] = await batchRead(table.db, table.name, [keys.dossier(id), ...agencyCodes.map(keys.agency)]);
      return { dossier: asDossier(head), agencies: agencies.map(asAgency) };
    },

    /** The dossier and the handoff a queue message names: one GetItem, usually (delivery-load.ts). */
    loadForDelivery: (id: string, handoffId: string): Promise<DeliveryLoad> => loadForDelivery(table, id, handoffId),

    async findByCode(code: string): Promise<Dossier | undefined> {
      const { Items } = await query({
        IndexName: INDEXES.byCode.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.byCode.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.code(code) },
        Limit: 1,
      });
      return asDossier(Items?.[0]);
    },

    /** An agency's inbox ordered by due date (earliest first), optionally for one status. */
    inbox(agencyCode: string, options: { status?: DossierStatus; first: number; after?: string }): Promise<Page<Dossier>> {
      const index = options.status ? INDEXES.byStatus : INDEXES.byParent;
      const partition = options.status ? keys.inboxByStatus(agencyCode, options.status) : keys.inbox(agencyCode);
      return indexPage(index, partition, options);
    },

    /** The receiving one-stop's register: dossiers received in [from, to), oldest first. */
    register(agencyCode: string, options: { from: string; to: string; first: number; after?: string }): Promise<Page<Dossier>> {
      return indexPage(INDEXES.byRegister, keys.register(agencyCode), {
        first: options.first,
        between: [options.from, options.to],
        ...(options.after ? { after: options.after } : {}),
      });
    },

    /** A citizen's dossiers, found by the keyed hash of the ID number, newest first. */
    async byCitizenId(idNumber: string, first: number): Promise<Dossier[]> {
      const index = INDEXES.byCitizen;
      const personalDataKey = await hashKeyOf('PERSONAL_DATA_KEY');
      const { Items = [] } = await query({
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.citizen(citizenIdHash(idNumber, personalDataKey)) },
        ScanIndexForward: false,
        Limit: first,
      });
      return Items.map(dossierFromItem);
    },

    /**
     * The head and its whole history in ONE Query: in the dossier's partition the head's sort key
     * (`DOSSIER`) sorts just before its events' (`EVENT#…`), and nothing else sorts between them.
     */
    async dossierWithHistory(id: string): Promise<{ dossier: Dossier | undefined; history: DossierEvent[] }> {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await query({
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :head AND :lastEvent',
          ExpressionAttributeValues: {
            ':pk': keys.dossier(id).PK,
            ':head': keys.dossier(id).SK,
            ':lastEvent': `${keys.dossierEventPrefix}\uffff`,
          },
          ExclusiveStartKey: startKey,
        });
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      const head = items.find((item) => item.SK === keys.dossier(id).SK);
      return {
        dossier: asDossier(head),
        history: items.filter((item) => String(item.SK).startsWith(keys.dossierEventPrefix)).map(eventFromItem),
      };
    },

    async history(id: string): Promise<DossierEvent[]> {
      return (await partitionItems(id, keys.dossierEventPrefix)).map(eventFromItem);
    },

    /** The latest full reads of a dossier, newest first. */
    async readLog(dossierId: string, last: number): Promise<DossierReadRecord[]> {
      const { Items = [] } = await query({
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).PK, ':prefix': keys.dossierReadPrefix },
        ScanIndexForward: false,
        Limit: last,
      });
      return Items.map((item) => ({
        officerId: String(item.officerId),
        agencyCode: String(item.agencyCode),
        roles: (item.roles as string[]) ?? [],
        at: String(item.at),
      }));
    },

    /** The open opinion requests addressed to an agency, earliest due first. */
    async opinionRequests(agencyCode: string, first: number): Promise<OpinionRequestRecord[]> {
      const { Items = [] } = await query({
        IndexName: INDEXES.byParent.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.byParent.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.opinionInbox(agencyCode) },
        Limit: first,
      });
      return Items.map(opinionRequestFromItem);
    },
  };
}
