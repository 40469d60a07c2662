import { GraphQLError } from 'graphql';

/**
 * The codes the hardened edge answers with, on top of the domain's (functions/domain/errors.ts)
 * and Apollo's own. Stable: front ends branch on them; docs/api-hardening.md lists them all.
 */
export const EDGE_ERROR_CODES = {
  REQUEST_TOO_LARGE: { status: 413, meaning: 'The request body (or query string) is over the size limit' },
  MAX_TOKENS_EXCEEDED: { status: 400, meaning: 'The operation document has more tokens than allowed' },
  MAX_DEPTH_EXCEEDED: { status: 400, meaning: 'Selections are nested deeper than allowed' },
  COST_LIMIT_EXCEEDED: { status: 400, meaning: 'The operation’s estimated cost is over the limit' },
  MAX_ALIASES_EXCEEDED: { status: 400, meaning: 'The operation uses more aliases than allowed' },
  MAX_DIRECTIVES_EXCEEDED: { status: 400, meaning: 'The operation uses more directives than allowed' },
  MAX_RECURSIVE_SELECTIONS_EXCEEDED: { status: 400, meaning: 'Fragments expand to more selections than allowed' },
  INTROSPECTION_DISABLED: { status: 400, meaning: 'Introspection (__schema, __type) is off outside local development' },
  PERSISTED_QUERY_REQUIRED: { status: 400, meaning: 'Only operations of the persisted-operation manifest are served' },
} as const;

export type EdgeErrorCode = keyof typeof EDGE_ERROR_CODES;

export const isEdgeErrorCode = (code: unknown): code is EdgeErrorCode => typeof code === 'string' && Object.hasOwn(EDGE_ERROR_CODES, code);

export const EDGE_ERROR_NAME = 'EdgeError';

/**
 * A request refused by the edge. Thrown from plugins or reported by validation rules; the error
 * formatter (../errors.ts) answers it with its code and the HTTP status above.
 */
export class EdgeError extends GraphQLError {
  constructor(
    readonly code: EdgeErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message, { extensions: { ...details, code, http: { status: EDGE_ERROR_CODES[code].status } } });
    this.name = EDGE_ERROR_NAME;
  }
}
