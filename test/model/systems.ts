/**
 * The two systems the model is checked against: the pure domain (`submit` / `act` / `deliver`,
 * histories kept in memory as the store would keep them), and the use cases of
 * `functions/services/dossiers.ts` on DynamoDB Local (one read and one transaction per action),
 * both driven by a clock the test moves.
 */
import { expect } from 'vitest';
import type { Dossier, DossierEvent } from '../../functions/domain/dossier';
import { DomainError } from '../../functions/domain/errors';
import { act, deliver, submit } from '../../functions/domain/lifecycle';
import { acceptDossier, deliverHandoff, performAction, type Services, submitDossier, transferDossier } from '../../functions/services/dossiers';
import { COMMUNE, type Outcome, SUBJECT_CHAIN, type SystemUnderTest } from './harness';

const applicant = { kind: 'CITIZEN' as const, fullName: 'Hoàng Văn Mô Hình', address: { communeAgencyCode: COMMUNE } };

const refusal = (error: unknown): Outcome => {
  if (error instanceof DomainError) return { ok: false, code: error.code, message: error.message };
  throw error;
};

export function pureSystem(): SystemUnderTest {
  const store = new Map<string, { head: Dossier; history: DossierEvent[] }>();
  let count = 0;
  const entry = (id: string) => {
    const found = store.get(id);
    if (!found) throw new Error(`no dossier ${id}`);
    return found;
  };
  return {
    name: 'pure domain',
    guardsVersions: false,
    async submit({ procedure, receiving, caller, now }) {
      count += 1;
      const documents = procedure.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: doc.copies }));
      const { dossier, event } = submit({ id: `m${count}`, now, caller, receivingAgency: receiving, subjectChain: SUBJECT_CHAIN, procedure, applicant, documents, channel: 'DIRECT' });
      store.set(dossier.id, { head: dossier, history: [event] });
      return dossier;
    },
    async act(id, _expectedVersion, command, caller, now) {
      const { head, history } = entry(id);
      const snapshot = JSON.stringify(head);
      try {
        const transition = act(head, command, { caller, now });
        store.set(id, { head: transition.dossier, history: [...history, transition.event] });
        return { ok: true };
      } catch (error) {
        return refusal(error);
      } finally {
        // Pure: neither a success nor a refusal touches the dossier it was given.
        if (JSON.stringify(head) !== snapshot) expect.fail(`act mutated the dossier it was given (${command.action})`);
      }
    },
    async deliver(id, handoffId, _toAgency, now) {
      const { head, history } = entry(id);
      const transition = deliver({ dossier: head, handoffId, now });
      if (!transition) return 'ALREADY_DELIVERED';
      store.set(id, { head: transition.dossier, history: [...history, transition.event] });
      return 'DELIVERED';
    },
    async read(id) {
      // Stored transitions are never mutated (checked in `act`), so the entry itself is a snapshot.
      return entry(id);
    },
  };
}

/** The services over DynamoDB Local; `clock.now` is what `services.now()` answers. */
export function dynamoSystem(services: Services, clock: { now: Date }): SystemUnderTest {
  return {
    name: 'services on DynamoDB Local',
    guardsVersions: true,
    async submit({ procedure, caller, now }) {
      clock.now = now;
      const documents = procedure.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: doc.copies }));
      return submitDossier(services, caller, { procedureCode: procedure.code, channel: 'DIRECT', applicant, documents });
    },
    async act(id, expectedVersion, command, caller, now) {
      clock.now = now;
      try {
        if (command.action === 'ACCEPT') await acceptDossier(services, caller, id, expectedVersion);
        else if (command.action === 'TRANSFER') await transferDossier(services, caller, { id, toAgency: command.toAgency.code, expectedVersion });
        else await performAction(services, caller, id, expectedVersion, command);
        return { ok: true };
      } catch (error) {
        return refusal(error);
      }
    },
    async deliver(id, handoffId, toAgency, now) {
      clock.now = now;
      return deliverHandoff(services, { dossierId: id, handoffId, toAgency });
    },
    async read(id) {
      const [head, history] = await Promise.all([services.dossiers.get(id), services.dossiers.history(id)]);
      if (!head) throw new Error(`no dossier ${id} in the table`);
      return { head, history };
    },
  };
}
