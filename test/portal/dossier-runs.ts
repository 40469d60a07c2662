import type { Dossier } from '#domain/dossier';
import type { Caller } from '#domain/lifecycle';
import type { OfficerCommand, Services } from '#services/index';

/** Counter dossiers of the four-on-the-spot certification (2.000815) at Dương Phong commune, driven through the services. */
export const COMMUNE = '06.063.02014';
export const receptionOfficer: Caller = {
  officerId: 'tn-duongphong',
  name: 'Cán bộ một cửa',
  agencyCode: COMMUNE,
  roles: ['RECEPTION_OFFICER'],
};

export async function submitCertification(services: Services, fullName = 'Hoàng Thị Lan'): Promise<Dossier> {
  return services.dossiers.submit(receptionOfficer, {
    procedureCode: '2.000815',
    channel: 'DIRECT',
    applicant: { kind: 'CITIZEN', fullName, idNumber: '006190001234', phone: '0912345678', address: { communeAgencyCode: COMMUNE } },
    documents: [
      { code: 'BAN_CHINH', copies: 1 },
      { code: 'BAN_SAO', copies: 1 },
    ],
  });
}

/** The actions a dossier can take after acceptance, one per call, in a life that ends returned. */
export const LIFE: OfficerCommand[] = [
  { action: 'REQUEST_SUPPLEMENT', items: [{ code: 'BAN_SAO' }], reason: 'Bản sao không rõ nét' },
  { action: 'RECEIVE_SUPPLEMENT', documents: [{ code: 'BAN_SAO', copies: 1 }] },
  { action: 'APPROVE_AT_COUNTER', decision: 'APPROVED', resultNumber: 'CT-001' },
  { action: 'RETURN_RESULT', deliveryMode: 'COUNTER' },
];

/** Accepts the dossier, then takes `steps` of LIFE; returns the dossier as it ends. */
export async function advance(services: Services, dossier: Dossier, steps: number): Promise<Dossier> {
  let current = await services.dossiers.accept(receptionOfficer, dossier.id, dossier.version);
  for (const command of LIFE.slice(0, steps))
    current = (await services.dossiers.act(receptionOfficer, current.id, current.version, command)).dossier;
  return current;
}

/**
 * A longer life for load: accepted, `cycles` rounds of supplement asked and received, then (if
 * `finish`) approved and returned. 2 + 2 × cycles (+ 2) events.
 */
export async function live(services: Services, dossier: Dossier, cycles: number, finish: boolean): Promise<Dossier> {
  let current = await services.dossiers.accept(receptionOfficer, dossier.id, dossier.version);
  const commands = [...Array.from({ length: cycles }, () => LIFE.slice(0, 2)).flat(), ...(finish ? LIFE.slice(2) : [])];
  for (const command of commands) current = (await services.dossiers.act(receptionOfficer, current.id, current.version, command)).dossier;
  return current;
}
