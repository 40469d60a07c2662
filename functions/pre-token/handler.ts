import { Logger } from '@aws-lambda-powertools/logger';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { ROLES, type Role } from '#domain/actions';

/**
 * Cognito pre-token-generation trigger (event version 2: access tokens too). Copies the officer's
 * admin-set attributes `custom:agency` and `custom:roles` into the claims `agency` and `roles`
 * (space-separated) that the GraphQL Lambda reads (functions/graphql/context.ts).
 *
 * Validated, not trusted: unknown roles are dropped; an agency that is not an agency code of this
 * province is left out, so the token carries no `agency` and the caller is anonymous to the API.
 * Logs carry counts only: no user name, e-mail, agency or attribute value.
 */
const logger = new Logger({ serviceName: 'lienthong-pre-token' });

/** `06`, `06.063`, `06.063.01840`: province, district, commune (functions/domain/agencies.ts). */
const AGENCY_CODE = /^\d{2}(\.\d{3}(\.\d{5})?)?$/;
const KNOWN_ROLES = new Set<string>(ROLES);

export interface OfficerClaims {
  agency?: string;
  roles: Role[];
  droppedRoles: number;
}

export function officerClaims(attributes: Record<string, string | undefined>, provinceCode: string | undefined): OfficerClaims {
  const agencyAttribute = attributes['custom:agency']?.trim() ?? '';
  const agency =
    AGENCY_CODE.test(agencyAttribute) && (!provinceCode || agencyAttribute.slice(0, 2) === provinceCode) ? agencyAttribute : undefined;
  const requested = (attributes['custom:roles'] ?? '').split(/[\s,]+/).filter(Boolean);
  const roles = [...new Set(requested.filter((r): r is Role => KNOWN_ROLES.has(r)))];
  return { ...(agency ? { agency } : {}), roles, droppedRoles: requested.filter((r) => !KNOWN_ROLES.has(r)).length };
}

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const { agency, roles, droppedRoles } = officerClaims(event.request.userAttributes, process.env.PROVINCE_CODE);
  const claims: Record<string, string> = { roles: roles.join(' ') };
  if (agency) claims.agency = agency;
  if (!agency || droppedRoles > 0) {
    logger.warn('officer attributes rejected', {
      trigger: event.triggerSource,
      agencyRejected: !agency,
      droppedRoles,
      keptRoles: roles.length,
    });
  }
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: claims },
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    },
  };
  return event;
};
