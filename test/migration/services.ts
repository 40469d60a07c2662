/**
 * What the migration tests do with a province's table, through the services, in one place: when
 * the services move, only this file follows them.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '../../functions/domain/agencies';
import type { Dossier, DossierEvent, DossierStatus } from '../../functions/domain/dossier';
import type { Caller } from '../../functions/domain/lifecycle';
import {
  acceptDossier,
  type DeliveryMessage,
  deliverHandoff,
  type OfficerCommand,
  type OpinionRequestCommand,
  performAction,
  requestOpinions,
  type SubmitDossierCommand,
  submitDossier,
  type TransferCommand,
  transferDossier,
} from '../../functions/services/dossiers';
import { createServices } from '../../functions/services/wiring';

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
}

export function provinceServices(db: DynamoDBDocumentClient, tableName: string, now: () => Date = () => new Date()): ProvinceServices {
  const services = createServices(db, tableName, { now });
  return {
    submit: (caller, command) => submitDossier(services, caller, command),
    accept: (caller, id, expectedVersion) => acceptDossier(services, caller, id, expectedVersion),
    transfer: (caller, command) => transferDossier(services, caller, command),
    requestOpinions: async (caller, command) => (await requestOpinions(services, caller, command)).dossier,
    act: async (caller, id, expectedVersion, command) => (await performAction(services, caller, id, expectedVersion, command)).dossier,
    deliver: (message) => deliverHandoff(services, message),
    get: (id) => services.dossiers.get(id),
    history: (id) => services.dossiers.history(id),
    inbox: async (agencyCode, status) => (await services.dossiers.inbox(agencyCode, { first: 100, ...(status ? { status } : {}) })).items,
    opinionRequests: async (agencyCode) => (await services.dossiers.opinionRequests(agencyCode, 100)).map((request) => request.dossierId),
    agencies: (codes) => services.agencies.getMany(codes),
    children: (code) => services.agencies.children(code),
  };
}
