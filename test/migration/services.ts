/**
 * What the migration tests do with a province's table, through the services, in one place: when
 * the services move, only this file follows them.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#domain/agencies';
import type { Dossier, DossierEvent, DossierStatus } from '#domain/dossier';
import type { Caller } from '#domain/lifecycle';
import { type OfficerCommand, servicesForTable } from '../../functions/services';

type Services = ReturnType<typeof servicesForTable>;
type SubmitDossierCommand = Parameters<Services['dossiers']['submit']>[1];
type TransferCommand = Parameters<Services['dossiers']['transfer']>[1];
type OpinionRequestCommand = Parameters<Services['dossiers']['requestOpinions']>[1];
type DeliveryMessage = Parameters<Services['dossiers']['deliver']>[0];

export type { Caller, OfficerCommand };

export interface ProvinceServices {
  submit(caller: Caller, command: SubmitDossierCommand): Promise<Dossier>;
  accept(caller: Caller, id: string, expectedVersion: number): Promise<Dossier>;
  transfer(caller: Caller, command: TransferCommand): Promise<Dossier>;
  requestOpinions(caller: Caller, command: OpinionRequestCommand): Promise<Dossier>;
  act(caller: Caller, id: string, expectedVersion: number, command: OfficerCommand): Promise<Dossier>;
  deliver(message: DeliveryMessage): Promise<string>;
  get(id: string): Promise<Dossier | undefined>;
  history(id: string): Promise<DossierEvent[]>;
  inbox(agencyCode: string, status?: DossierStatus): Promise<Dossier[]>;
  /** Dossier ids of the open opinion requests in an agency's list. */
  opinionRequests(agencyCode: string): Promise<string[]>;
  agencies(codes: readonly string[]): Promise<(Agency | undefined)[]>;
  children(code: string): Promise<Agency[]>;
  /** Counts one event in the table's statistics read model, as the projector does on the stream. */
  project(event: DossierEvent): Promise<unknown>;
}

export function provinceServices(db: DynamoDBDocumentClient, tableName: string, now: () => Date = () => new Date()): ProvinceServices {
  const { dossiers, agencies, quality } = servicesForTable(tableName, { db, now });
  return {
    submit: (caller, command) => dossiers.submit(caller, command),
    accept: (caller, id, expectedVersion) => dossiers.accept(caller, id, expectedVersion),
    transfer: (caller, command) => dossiers.transfer(caller, command),
    requestOpinions: async (caller, command) => (await dossiers.requestOpinions(caller, command)).dossier,
    act: async (caller, id, expectedVersion, command) => (await dossiers.act(caller, id, expectedVersion, command)).dossier,
    deliver: (message) => dossiers.deliver(message),
    get: (id) => dossiers.get(id),
    history: (id) => dossiers.history(id),
    inbox: async (agencyCode, status) => (await dossiers.inbox(agencyCode, { first: 100, ...(status ? { status } : {}) })).items,
    opinionRequests: async (agencyCode) => (await dossiers.opinionRequests(agencyCode, 100)).map((request) => request.dossierId),
    agencies: (codes) => agencies.getMany(codes),
    children: (code) => agencies.children(code),
    project: (event) => quality.project(event),
  };
}
