import { checkText } from '#domain/validation';
import type { OfficerCommand } from '../../services';
import { authorized, type GraphQLContext } from '../context';
import type { MutationResolvers, Resolvers } from '../generated/resolvers-types';

/**
 * Every lifecycle mutation is the same three lines: who calls, which command, one service call.
 * The rules table decides whether it is allowed; nothing here checks states or roles by hand.
 */
export function lifecycleMutation<Args extends { id: string; expectedVersion: number }>(
  toCommand: (args: Args, expectedVersion: number) => OfficerCommand,
) {
  return async (_parent: unknown, args: Args, context: GraphQLContext) => {
    const command = toCommand(args, args.expectedVersion);
    const caller = authorized(context, `DOSSIER_${command.action}`, { agency: context.caller?.agencyCode });
    context.logger.appendKeys({ dossierId: args.id });
    const { dossier, event } = await context.services.dossiers.act(caller, args.id, args.expectedVersion, command);
    context.logger.info('Dossier action', { action: command.action, event: event.type, version: dossier.version });
    return dossier;
  };
}

export const reason = (text: string) => {
  checkText('reason', text, 2000, true);
  return text;
};

const items = (list: readonly { code: string; note?: string | null | undefined }[]) =>
  list.map((item) => {
    checkText('items.note', item.note, 500);
    return { code: item.code, ...(item.note ? { note: item.note } : {}) };
  });

const documents = (list: readonly { code: string; copies: number }[]) => list.map(({ code, copies }) => ({ code, copies }));

const mutations: MutationResolvers = {
  requestCompletion: lifecycleMutation((args) => ({ action: 'REQUEST_COMPLETION', items: items(args.items), reason: reason(args.reason) })),
  resubmitDossier: lifecycleMutation((args) => ({ action: 'RESUBMIT', documents: documents(args.documents) })),
  refuseDossier: lifecycleMutation((args) => ({ action: 'REFUSE', reason: reason(args.reason) })),
  assignDossier: lifecycleMutation((args) => {
    checkText('assignee', args.assignee, 200, true);
    return { action: 'ASSIGN', assignee: args.assignee };
  }),
  startAppraisal: lifecycleMutation(() => ({ action: 'START_APPRAISAL' })),
  submitForSignature: lifecycleMutation(() => ({ action: 'SUBMIT_FOR_SIGNATURE' })),
  signDossier: lifecycleMutation((args) => ({ action: 'SIGN', decision: args.decision })),
  issueResult: lifecycleMutation((args) => {
    checkText('resultNumber', args.resultNumber, 100);
    return { action: 'ISSUE', ...(args.resultNumber ? { resultNumber: args.resultNumber } : {}) };
  }),
  approveAtCounter: lifecycleMutation((args) => {
    checkText('resultNumber', args.resultNumber, 100);
    return { action: 'APPROVE_AT_COUNTER', decision: args.decision, ...(args.resultNumber ? { resultNumber: args.resultNumber } : {}) };
  }),
  requestSupplement: lifecycleMutation((args) => ({ action: 'REQUEST_SUPPLEMENT', items: items(args.items), reason: reason(args.reason) })),
  receiveSupplement: lifecycleMutation((args) => ({ action: 'RECEIVE_SUPPLEMENT', documents: documents(args.documents) })),
  requestFinancialObligation: lifecycleMutation((args) => ({
    action: 'REQUEST_FINANCIAL_OBLIGATION',
    amount: args.amount,
    reason: reason(args.reason),
  })),
  confirmFinancialObligation: lifecycleMutation(() => ({ action: 'CONFIRM_FINANCIAL_OBLIGATION' })),
  apologize: lifecycleMutation((args) => ({ action: 'APOLOGIZE', reason: reason(args.reason), revisedDueAt: new Date(args.revisedDueAt) })),
  withdrawDossier: lifecycleMutation((args) => {
    checkText('reason', args.reason, 2000);
    return { action: 'WITHDRAW', ...(args.reason ? { reason: args.reason } : {}) };
  }),
  stopDossier: lifecycleMutation((args) => ({ action: 'STOP', reason: reason(args.reason) })),
  returnResult: lifecycleMutation((args) => ({ action: 'RETURN_RESULT', deliveryMode: args.deliveryMode })),
};

export const lifecycleResolvers: Resolvers = { Mutation: mutations };
