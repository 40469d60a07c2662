import type { DossierStatus } from './dossier';
import { DomainError } from './errors';

/**
 * Which action is allowed from which state, by which role: one table, one check. Adding an
 * action or a state is a change of data here, not a new code path in the resolvers.
 */
export type Role =
  | 'RECEPTION_OFFICER'
  | 'HANDLING_OFFICER'
  | 'APPROVER'
  | 'AGENCY_HEAD'
  | 'PROVINCE_ADMIN'
  | 'AUDITOR';

export const ROLES: readonly Role[] = [
  'RECEPTION_OFFICER',
  'HANDLING_OFFICER',
  'APPROVER',
  'AGENCY_HEAD',
  'PROVINCE_ADMIN',
  'AUDITOR',
];

export type Action = 'SUBMIT' | 'ACCEPT' | 'TRANSFER';

interface ActionRule {
  from: readonly (DossierStatus | null)[];
  roles: readonly Role[];
  to: DossierStatus;
}

export const ACTION_RULES: Readonly<Record<Action, ActionRule>> = {
  // A counter submission creates the dossier: there is no state before it.
  SUBMIT: { from: [null], roles: ['RECEPTION_OFFICER'], to: 'SUBMITTED' },
  ACCEPT: { from: ['SUBMITTED'], roles: ['RECEPTION_OFFICER'], to: 'RECEIVED' },
  TRANSFER: {
    from: ['RECEIVED', 'IN_PROCESSING'],
    roles: ['RECEPTION_OFFICER', 'HANDLING_OFFICER', 'AGENCY_HEAD'],
    to: 'IN_PROCESSING',
  },
};

export function allowedActions(status: DossierStatus | null, roles: readonly string[]): Action[] {
  return (Object.keys(ACTION_RULES) as Action[]).filter((action) => {
    const rule = ACTION_RULES[action];
    return rule.from.includes(status) && rule.roles.some((role) => roles.includes(role));
  });
}

/** Throws the typed error a caller can act on; returns the state the action leads to. */
export function assertAllowed(action: Action, status: DossierStatus | null, roles: readonly string[]): DossierStatus {
  const rule = ACTION_RULES[action];
  if (!rule.roles.some((role) => roles.includes(role))) {
    throw new DomainError('FORBIDDEN', `Role(s) ${roles.join(', ') || 'none'} may not ${action}`, {
      action,
      allowedRoles: rule.roles,
    });
  }
  if (!rule.from.includes(status)) {
    throw new DomainError('ILLEGAL_ACTION', `${action} is not allowed while the dossier is ${status}`, {
      action,
      currentStatus: status,
      allowedActions: allowedActions(status, roles),
    });
  }
  return rule.to;
}
