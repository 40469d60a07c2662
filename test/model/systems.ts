/**
 * The two systems the model is checked against: the pure domain (`submit` / `act` / `deliver`,
 * histories kept in memory as the store would keep them), and the use cases of
 * `functions/services/` (createServices) on DynamoDB Local (one read and one transaction per action),
 * both driven by a clock the test moves.
 */
import { expect } from 'vitest';
import type { Dossier, DossierEvent } from '#domain/dossier';
import { DomainError } from '#domain/errors';
import { act, deliver, submit } from '#domain/lifecycle';
import type { Services } from '../../functions/services';
import { COMMUNE, type Outcome, SUBJECT_CHAIN, type SystemUnderTest } from './harness';

const applicant = { kind: 'CITIZEN' as const, fullName: 'Hoàng Văn Mô Hình', address: { communeAgencyCode: COMMUNE } };

const refusal = (error: unknown): Outcome => {
  if (error instanceof DomainError) {
    const condition = error.details.unmetCondition;
    return { ok: false, code: error.code, message: error.message, ...(typeof condition === 'string' ? { condition } : {}) };
  }
  throw error;
};

/** Freezes what the store keeps, all the way down (shared parts are frozen once). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function pureSystem(): SystemUnderTest {
  const store = new Map<string, { head: Dossier; history: DossierEvent[] }>();
  /** The pure domain keeps no handoff records; the adapter notes discarded ones as the service does. */
  const discarded = new Set<string>();
  let count = 0;
  const entry = (id: string) => {
    const found = store.get(id);
    if (!found) throw new Error(`no dossier ${id}`);
    return found;
  };
  return {
    name: 'pure domain',
    guardsVersions: false,
    gatesCallers: false,
    keepsMessageRecords: false,
    async submit({ procedure, receiving, caller, now }) {
      count += 1;
      const documents = procedure.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: doc.copies }));
      const { dossier, event } = submit({
        id: `m${count}`,
        now,
        caller,
        receivingAgency: receiving,
        subjectChain: SUBJECT_CHAIN,
        procedure,
        applicant,
        documents,
        channel: 'DIRECT',
      });
      store.set(dossier.id, { head: deepFreeze(dossier), history: [deepFreeze(event)] });
      return dossier;
    },
    async act(id, _expectedVersion, command, caller, now) {
      const { head, history } = entry(id);
      try {
        // Pure: neither a success nor a refusal touches the dossier it was given (frozen: a write throws).
        const transition = act(head, command, { caller, now });
        store.set(id, { head: deepFreeze(transition.dossier), history: [...history, deepFreeze(transition.event)] });
        return { ok: true };
      } catch (error) {
        if (error instanceof TypeError) expect.fail(`act wrote to the dossier it was given (${command.action}): ${error.message}`);
        return refusal(error);
      }
    },
    async deliver({ kind, dossierId, handoffId }, now) {
      if (kind === 'OPINION_REQUEST') throw new Error('the pure domain keeps no opinion requests to deliver');
      const { head, history } = entry(dossierId);
      const transition = deliver({ dossier: head, handoffId, now });
      if (!transition) {
        if (head.handoff?.deliveredAt || discarded.has(handoffId)) return 'ALREADY_DELIVERED';
        discarded.add(handoffId);
        return 'DISCARDED';
      }
      store.set(dossierId, { head: deepFreeze(transition.dossier), history: [...history, deepFreeze(transition.event)] });
      return 'DELIVERED';
    },
    async read(id) {
      // Stored transitions are frozen, so the entry itself is a snapshot.
      return entry(id);
    },
    async readHead(id) {
      return entry(id).head;
    },
  };
}

/** The services over DynamoDB Local; `clock.now` is what `services.now()` answers. */
export function dynamoSystem(services: Services, clock: { now: Date }): SystemUnderTest {
  return {
    name: 'services on DynamoDB Local',
    guardsVersions: true,
    gatesCallers: true,
    keepsMessageRecords: true,
    async submit({ procedure, caller, now }) {
      clock.now = now;
      const documents = procedure.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: doc.copies }));
      return services.dossiers.submit(caller, { procedureCode: procedure.code, channel: 'DIRECT', applicant, documents });
    },
    async act(id, expectedVersion, command, caller, now) {
      clock.now = now;
      try {
        if (command.action === 'ACCEPT') await services.dossiers.accept(caller, id, expectedVersion);
        else if (command.action === 'TRANSFER')
          await services.dossiers.transfer(caller, { id, toAgency: command.toAgency.code, expectedVersion });
        else if (command.action === 'REQUEST_OPINIONS') {
          const agencies = command.agencies.map(({ agency, budget }) => ({ agencyCode: agency.code, budget }));
          await services.dossiers.requestOpinions(caller, { id, expectedVersion, question: command.question, agencies });
        } else await services.dossiers.act(caller, id, expectedVersion, command);
        return { ok: true };
      } catch (error) {
        return refusal(error);
      }
    },
    async deliver(message, now) {
      clock.now = now;
      return services.dossiers.deliver(message);
    },
    async read(id) {
      const [head, history] = await Promise.all([services.dossiers.get(id), services.dossiers.history(id)]);
      if (!head) throw new Error(`no dossier ${id} in the table`);
      return { head, history };
    },
    async openOpinionRequests(agency) {
      const open = await services.dossiers.opinionRequests(agency, 1000);
      return open.map((request) => ({
        dossierId: request.dossierId,
        consultationId: request.consultationId,
        delivered: request.deliveredAt !== undefined,
      }));
    },
    async readHead(id) {
      const head = await services.dossiers.get(id);
      if (!head) throw new Error(`no dossier ${id} in the table`);
      return head;
    },
  };
}
