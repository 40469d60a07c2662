import { agencyStatusAt } from '#domain/agencies-validity';
import { DEFAULT_OFFICE_HOURS } from '#domain/calendar';
import { checkText } from '#domain/validation';
import { authorized, ROOT_AGENCIES } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

/** Optional GraphQL values arrive as null; the domain wants them absent. */
const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

export const agencyResolvers: Resolvers = {
  Query: {
    agency: (_parent, { code }, context) => {
      checkText('code', code, 64, true);
      return context.loaders.agency.load(code);
    },
    agencies: async (_parent, { parentCode, kind, includeClosed }, context) => {
      checkText('parentCode', parentCode, 64);
      const found = await context.loaders.children.load(parentCode ?? ROOT_AGENCIES);
      return context.services.agencies.listed(found, { kind: kind ?? undefined, includeClosed });
    },
  },
  Mutation: {
    updateAgency: async (_parent, { code, input }, context) => {
      authorized(context, 'AGENCY_UPDATE');
      const officeHours = input.officeHours?.map(({ start, end }) => ({ start, end }));
      return context.services.agencies.update(code, {
        ...(input.identifier != null ? { identifier: input.identifier } : {}),
        ...(officeHours ? { officeHours } : {}),
      });
    },
    addAgency: (_parent, { input }, context) => {
      const caller = authorized(context, 'AGENCY_UPDATE');
      checkText('code', input.code, 64, true);
      checkText('sector', input.sector, 40);
      checkText('validFrom', input.validFrom, 10);
      return context.services.agencies.add(caller, {
        code: input.code,
        kind: input.kind,
        name: input.name,
        ...(present(input.oneStopName) ? { oneStopName: input.oneStopName } : {}),
        ...(present(input.sector) ? { sector: input.sector } : {}),
        ...(present(input.validFrom) ? { validFrom: input.validFrom } : {}),
      });
    },
    renameAgency: (_parent, { code, input }, context) => {
      const caller = authorized(context, 'AGENCY_UPDATE');
      checkText('code', code, 64, true);
      return context.services.agencies.rename(caller, code, {
        name: input.name,
        ...(present(input.oneStopName) ? { oneStopName: input.oneStopName } : {}),
      });
    },
    closeAgency: (_parent, { code, input }, context) => {
      const caller = authorized(context, 'AGENCY_UPDATE');
      checkText('code', code, 64, true);
      checkText('validTo', input.validTo, 10, true);
      checkText('successorCode', input.successorCode, 64);
      return context.services.agencies.close(caller, code, {
        validTo: input.validTo,
        ...(present(input.successorCode) ? { successorCode: input.successorCode } : {}),
      });
    },
  },
  Agency: {
    officeHours: (agency) => agency.officeHours ?? DEFAULT_OFFICE_HOURS.map((session) => ({ ...session })),
    closed: (agency, _args, context) => agencyStatusAt(agency, context.services.now()) === 'CLOSED',
    unconfirmed: (agency) => agency.unconfirmed === true,
    successor: (agency, _args, context) => (agency.successorCode ? context.loaders.agency.load(agency.successorCode) : null),
    parent: (agency, _args, context) => (agency.parentCode ? context.loaders.agency.load(agency.parentCode) : null),
    children: async (agency, { kind, includeClosed }, context) =>
      context.services.agencies.listed(await context.loaders.children.load(agency.code), { kind: kind ?? undefined, includeClosed }),
  },
};
