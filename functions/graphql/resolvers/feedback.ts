import { authorizeOperation, permits } from '#domain/authorization';
import { FEEDBACK_DEADLINES } from '#domain/feedback-deadlines';
import { mask, maskEmail } from '#domain/personal-data';
import { checkPageSize, checkText } from '#domain/validation';
import { authorized, type GraphQLContext } from '../context';
import type { FeedbackContactInput, Resolvers } from '../generated/resolvers-types';

/** GraphQL nulls → absent fields; an empty contact is no contact. */
function contactFromInput(input: FeedbackContactInput | null | undefined) {
  if (!input) return undefined;
  const contact = {
    ...(input.name != null ? { name: input.name } : {}),
    ...(input.phone != null ? { phone: input.phone } : {}),
    ...(input.email != null ? { email: input.email } : {}),
  };
  return Object.keys(contact).length > 0 ? contact : undefined;
}

const handler = (context: GraphQLContext, id: string) => {
  const caller = authorized(context, 'FEEDBACK_HANDLE', { agency: context.caller?.agencyCode });
  checkText('id', id, 64, true);
  context.logger.appendKeys({ feedbackId: id });
  return caller;
};

export const feedbackResolvers: Resolvers = {
  Query: {
    feedbackInbox: async (_parent, { agencyCode, list, first }, context) => {
      const agency = agencyCode ?? context.caller?.agencyCode;
      authorized(context, 'FEEDBACK_INBOX_READ', { agency });
      checkText('agencyCode', agencyCode, 64);
      const size = first ?? 20;
      checkPageSize(size);
      return context.services.feedback.inbox(agency!, list ?? 'ALL', size);
    },
    feedbackItem: async (_parent, { id }, context) => {
      const caller = authorized(context, 'FEEDBACK_INBOX_READ', { agency: context.caller?.agencyCode });
      checkText('id', id, 64, true);
      return (await context.services.feedback.item(caller, id))?.feedback ?? null;
    },
    feedbackOverview: async (_parent, { agencyCode }, context) => {
      authorized(context, 'FEEDBACK_OVERVIEW_READ', { agency: agencyCode });
      checkText('agencyCode', agencyCode, 64, true);
      return context.services.feedback.overview(agencyCode);
    },
    publishedFeedback: async (_parent, { agencyCode, first }, context) => {
      // Public: anyone, signed in or not.
      authorizeOperation('PUBLIC_LOOKUP', context.caller);
      checkText('agencyCode', agencyCode, 64, true);
      const size = first ?? 20;
      checkPageSize(size);
      return context.services.feedback.published(agencyCode, size);
    },
    feedbackStatus: async (_parent, { code }, context) => {
      // Public: anyone, signed in or not.
      authorizeOperation('PUBLIC_LOOKUP', context.caller);
      checkText('code', code, 64, true);
      return (await context.services.feedback.byCode(code)) ?? null;
    },
  },
  Mutation: {
    sendFeedback: async (_parent, { input }, context) => {
      // Public: anyone, signed in or not.
      authorizeOperation('FEEDBACK_SEND', context.caller);
      checkText('procedureCode', input.procedureCode, 64);
      checkText('dossierCode', input.dossierCode, 64);
      checkText('secret', input.secret, 16);
      checkText('agencyCode', input.agencyCode, 64);
      const contact = contactFromInput(input.contact);
      const feedback = await context.services.feedback.send(
        {
          content: input.content,
          ...(input.procedureCode != null ? { procedureCode: input.procedureCode } : {}),
          ...(input.dossierCode != null ? { dossierCode: input.dossierCode } : {}),
          ...(input.secret != null ? { secret: input.secret } : {}),
          ...(input.agencyCode != null ? { agencyCode: input.agencyCode } : {}),
          ...(contact ? { contact } : {}),
        },
        await context.clientKey?.(),
      );
      context.logger.info('Feedback received', { feedbackId: feedback.id, agencyCode: feedback.holderAgency });
      return feedback;
    },
    classifyFeedback: async (_parent, { id, classification, note, routeTo }, context) => {
      const caller = handler(context, id);
      checkText('routeTo', routeTo, 64);
      return context.services.feedback.handle(caller, id, {
        step: 'CLASSIFY',
        classification,
        note: note ?? undefined,
        routeTo: routeTo ?? undefined,
      });
    },
    forwardFeedback: async (_parent, { id, toAgency, externalBody, note }, context) => {
      const caller = handler(context, id);
      checkText('toAgency', toAgency, 64);
      return context.services.feedback.handle(caller, id, {
        step: 'FORWARD',
        toAgency: toAgency ?? undefined,
        externalBody: externalBody ?? undefined,
        note: note ?? undefined,
      });
    },
    answerFeedback: async (_parent, { id, answer }, context) =>
      context.services.feedback.handle(handler(context, id), id, { step: 'ANSWER', answer }),
    publishFeedback: async (_parent, { id }, context) => context.services.feedback.handle(handler(context, id), id, { step: 'PUBLISH' }),
  },
  FeedbackItem: {
    holderAgency: (item, _args, context) => context.loaders.agency.load(item.holderAgency),
    // Unmasked only for the agency handling the item, like an applicant's data on a dossier.
    contact: (item, _args, context) => {
      if (!item.contact) return null;
      const open = permits('FEEDBACK_HANDLE', context.caller, { agency: item.holderAgency });
      const { name, phone, email } = item.contact;
      return {
        name: name ?? null,
        phone: phone === undefined ? null : open ? phone : mask(phone),
        email: email === undefined ? null : open ? email : maskEmail(email),
      };
    },
    forwardedTo: async (item, _args, context) =>
      item.forwardedTo
        ? {
            at: item.forwardedTo.at,
            externalBody: item.forwardedTo.externalBody ?? null,
            agency: item.forwardedTo.agencyCode ? ((await context.loaders.agency.load(item.forwardedTo.agencyCode)) ?? null) : null,
          }
        : null,
    deadline: (item, _args, context) => {
      if (!item.deadline) return null;
      const rule = FEEDBACK_DEADLINES[item.deadline.step];
      return {
        step: item.deadline.step,
        at: item.deadline.at,
        workingDays: rule.workingDays,
        marker: rule.marker,
        source: rule.source,
        overdue: context.services.now().getTime() > Date.parse(item.deadline.at),
      };
    },
    history: async (item, _args, context) => (await context.services.feedback.item(context.caller!, item.id))?.history ?? [],
  },
  FeedbackEvent: {
    actorId: (event) => event.actor.officerId,
    actorRole: (event) => event.actor.role,
    holderAgency: (event, _args, context) => context.loaders.agency.load(event.holderAfter),
  },
  PublicFeedbackStatus: {
    // The answer is public once published, not before.
    answer: (item) => (item.status === 'PUBLISHED' ? (item.answer?.text ?? null) : null),
    publishedAt: (item) => item.publishedAt ?? null,
    procedureCode: (item) => item.procedureCode ?? null,
  },
  FeedbackOverview: {
    agency: (overview, _args, context) => context.loaders.agency.load(overview.agencyCode),
  },
};
