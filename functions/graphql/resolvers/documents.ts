import { digitisationOf } from '#domain/digitisation';
import { checkText } from '#domain/validation';
import { authorized } from '../context';
import type { Resolvers } from '../generated/resolvers-types';

/**
 * Dossier documents (issue 11): each field one service call. The rules table and the service
 * decide who may upload, attach and download; nothing here checks states or roles by hand.
 */
export const documentsResolvers: Resolvers = {
  Query: {
    documentDownload: async (_parent, { dossierId, documentId }, context) => {
      const caller = authorized(context, 'DOCUMENT_DOWNLOAD', { agency: context.caller?.agencyCode });
      context.logger.appendKeys({ dossierId });
      return context.services.documents.download(caller, dossierId, documentId, context.requestId);
    },
    reusableResults: async (_parent, { dossierId }, context) => {
      const caller = authorized(context, 'DOSSIER_ATTACH_DOCUMENT', { agency: context.caller?.agencyCode });
      return context.services.documents.reusableResults(caller, dossierId);
    },
  },
  Mutation: {
    requestDocumentUpload: async (_parent, { input }, context) => {
      const forResult = input.forResult === true;
      const caller = authorized(context, forResult ? 'DOSSIER_ATTACH_RESULT_DOCUMENT' : 'DOSSIER_ATTACH_DOCUMENT', {
        agency: context.caller?.agencyCode,
      });
      checkText('componentCode', input.componentCode, 50, !forResult);
      checkText('contentType', input.contentType, 100, true);
      const ticket = await context.services.documents.requestUpload(caller, {
        dossierId: input.dossierId,
        purpose: forResult ? { kind: 'RESULT' } : { kind: 'COMPONENT', componentCode: input.componentCode ?? '' },
        declared: {
          contentType: input.contentType,
          size: input.size,
          sha256: input.sha256,
          ...(input.fileName != null ? { fileName: input.fileName } : {}),
        },
      });
      return { ...ticket, headers: Object.entries(ticket.headers).map(([name, value]) => ({ name, value })) };
    },
    attachDocument: async (_parent, args, context) => {
      const caller = authorized(context, 'DOSSIER_ATTACH_DOCUMENT', { agency: context.caller?.agencyCode });
      return context.services.documents.attach(caller, args);
    },
    attachResultDocument: async (_parent, args, context) => {
      const caller = authorized(context, 'DOSSIER_ATTACH_RESULT_DOCUMENT', { agency: context.caller?.agencyCode });
      return context.services.documents.attachResult(caller, args);
    },
    markComponentExempt: async (_parent, args, context) => {
      const caller = authorized(context, 'DOSSIER_ATTACH_DOCUMENT', { agency: context.caller?.agencyCode });
      return context.services.documents.markExempt(caller, args);
    },
    reuseResultDocument: async (_parent, args, context) => {
      const caller = authorized(context, 'DOSSIER_ATTACH_DOCUMENT', { agency: context.caller?.agencyCode });
      return context.services.documents.reuseResult(caller, args);
    },
  },
  Dossier: {
    attachments: (dossier) => dossier.attachments ?? [],
    resultDocument: (dossier) => dossier.resultDocument ?? null,
    digitisation: (dossier) => digitisationOf(dossier),
  },
};
