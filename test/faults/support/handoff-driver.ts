import type { Dossier } from '#domain/dossier';
import type { Caller } from '#domain/lifecycle';
import type { Services } from '../../../functions/services';

/**
 * Drives dossiers through handoffs the way officers would, calling the services directly (the
 * code behind the GraphQL mutations, without the HTTP and GraphQL layers, which the fault matrix
 * does not exercise). A dossier ping-pongs: the commune transfers it to its district, the district
 * returns it with a reason, the commune takes it back and transfers it again. Every step after the
 * first waits for the previous handoff's delivery, so each round makes one handoff per dossier.
 */
export interface Site {
  commune: string;
  district: string;
}

export interface DrivenDossier {
  id: string;
  site: Site;
  /** The handoffs this driver sent, in order. */
  handoffIds: string[];
  /** A handoff that never arrived stops the dossier; the verifier counts it as lost. */
  stuck: boolean;
}

const PROCEDURE = '1.001776';

const reception = (commune: string): Caller => ({
  officerId: 'tn-fault',
  name: 'Tiếp nhận',
  agencyCode: commune,
  roles: ['RECEPTION_OFFICER'],
});
const handling = (district: string): Caller => ({
  officerId: 'cv-fault',
  name: 'Chuyên viên',
  agencyCode: district,
  roles: ['HANDLING_OFFICER'],
});

export async function receivedDossier(services: Services, site: Site): Promise<DrivenDossier> {
  const submitted = await services.dossiers.submit(reception(site.commune), {
    procedureCode: PROCEDURE,
    channel: 'DIRECT',
    applicant: { kind: 'CITIZEN', fullName: 'Nông Văn Dũng', address: { communeAgencyCode: site.commune } },
    documents: [{ code: 'TO_KHAI_TCXH', copies: 1 }],
  });
  await services.dossiers.accept(reception(site.commune), submitted.id, submitted.version);
  return { id: submitted.id, site, handoffIds: [], stuck: false };
}

/**
 * The next handoff of a dossier whose last handoff was delivered: the first transfer, a return by
 * the district, or the commune taking a return back and transferring again.
 */
export async function nextHandoff(services: Services, driven: DrivenDossier, head: Dossier): Promise<void> {
  const { site } = driven;
  const pending = head.handoff;
  let sent: Dossier;
  if (!pending || (pending.kind === 'RETURN' && pending.acceptedAt)) {
    sent = await services.dossiers.transfer(reception(site.commune), {
      id: head.id,
      toAgency: site.district,
      expectedVersion: head.version,
    });
  } else if (pending.kind === 'RETURN') {
    const taken = await services.dossiers.act(reception(site.commune), head.id, head.version, { action: 'ACCEPT_HANDOFF' });
    sent = await services.dossiers.transfer(reception(site.commune), {
      id: head.id,
      toAgency: site.district,
      expectedVersion: taken.dossier.version,
    });
  } else {
    sent = (
      await services.dossiers.act(handling(site.district), head.id, head.version, {
        action: 'RETURN_HANDOFF',
        reason: 'Thiếu xác nhận của trưởng thôn (kiểm thử lỗi)',
      })
    ).dossier;
  }
  driven.handoffIds.push(sent.handoff!.id);
}

/** Whether the dossier's last handoff has arrived: delivered into the receiver's inbox. */
export const lastHandoffDelivered = (head: Dossier | undefined): head is Dossier =>
  head !== undefined && (head.handoff === undefined || head.handoff.deliveredAt !== undefined);

/** Runs `task` over `items`, at most `limit` at once. */
export async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
