import { DomainError } from '../domain/errors';
import type { Caller } from '../domain/lifecycle';

/**
 * Who sees and who redrives an agency's failed handoffs, as data: officers see their own
 * agency's; moving messages back onto a queue is for the agency's head and the province's
 * administrators (who may act on any agency).
 */
const PROVINCE_WIDE = 'PROVINCE_ADMIN';
const REDRIVERS_OF_OWN_AGENCY = ['AGENCY_HEAD'] as const;

export function authorizeFailureView(caller: Caller, agencyCode: string): void {
  if (caller.roles.includes(PROVINCE_WIDE) || caller.agencyCode === agencyCode) return;
  throw new DomainError('FORBIDDEN', `Officers see the failed handoffs of their own agency, not ${agencyCode}`, {
    agencyCode,
    allowedRoles: [PROVINCE_WIDE],
  });
}

export function authorizeRedrive(caller: Caller, agencyCode: string): void {
  if (caller.roles.includes(PROVINCE_WIDE)) return;
  const head = REDRIVERS_OF_OWN_AGENCY.some((role) => caller.roles.includes(role));
  if (head && caller.agencyCode === agencyCode) return;
  throw new DomainError('FORBIDDEN', `Only the head of ${agencyCode} or a province administrator redrives its handoffs`, {
    agencyCode,
    allowedRoles: [PROVINCE_WIDE, ...REDRIVERS_OF_OWN_AGENCY],
  });
}
