import { GraphQLScalarType, Kind } from 'graphql';
import { toVnIso } from '#domain/calendar';
import { withCalendar } from '../calendar-gate';
import type { Resolvers } from '../generated/resolvers-types';
import { inputLimitTable } from '../generated/served-schema';
import { withInputLimits } from '../input-limits';
import { agencyResolvers } from './agency';
import { baseResolvers } from './base';
import { calendarResolvers } from './calendar';
import { catalogResolvers } from './catalog';
import { documentsResolvers } from './documents';
import { dossierResolvers } from './dossier';
import { evaluationResolvers } from './evaluation';
import { failuresResolvers } from './failures';
import { feedbackResolvers } from './feedback';
import { formsResolvers } from './forms';
import { lifecycleResolvers } from './lifecycle';
import { onlineResolvers } from './online';
import { portalResolvers } from './portal';
import { qualityResolvers } from './quality';
import { regimesResolvers } from './regimes';
import { satisfactionResolvers } from './satisfaction';
import { transferResolvers } from './transfer';

/** Stored as UTC ISO strings; shown with the +07:00 offset people in Vietnam read. */
const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => toVnIso(new Date(String(value))),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDateTime(ast.value) : undefined),
});

function parseDateTime(value: unknown): string {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO 8601 string');
  return date.toISOString();
}

const modules: Resolvers[] = [
  baseResolvers,
  agencyResolvers,
  catalogResolvers,
  dossierResolvers,
  lifecycleResolvers,
  formsResolvers,
  transferResolvers,
  failuresResolvers,
  calendarResolvers,
  regimesResolvers,
  onlineResolvers,
  portalResolvers,
  documentsResolvers,
  satisfactionResolvers,
  evaluationResolvers,
  feedbackResolvers,
  qualityResolvers,
];

/**
 * Each schema module owns its resolvers; root types are merged field by field, every root field's
 * ID and String arguments are length-checked before it runs (../input-limits.ts), and every root
 * field but the calendar-free ones awaits the working-day calendar (../calendar-gate.ts).
 */
const merged: Resolvers = modules.reduce<Resolvers>(
  (merged, module) => {
    for (const [typeName, fields] of Object.entries(module)) {
      const target = merged as Record<string, object>;
      target[typeName] = { ...(target[typeName] ?? {}), ...(fields as object) };
    }
    return merged;
  },
  { DateTime },
);

// Arguments are checked first (bad input never waits), then the calendar is installed where needed.
export const resolvers: Resolvers = withInputLimits(withCalendar(merged), inputLimitTable);
