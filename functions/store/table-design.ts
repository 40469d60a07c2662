/**
 * The single-table design, written down once. CDK (infra/) and the local platform (local/) both
 * build the table from this description, so the key schema cannot drift between cloud and laptop.
 *
 * Items (PK / SK):
 *   AGENCY#<code>              / AGENCY                    agency (GSI1: children of its parent)
 *   PROCEDURE#<code>           / VERSION#<nnnn>            catalog procedure version (GSI1: the catalog)
 *   PROCEDURE#<code>           / CURRENT                   copy of the current version (read by key)
 *   DOSSIER#<id>               / DOSSIER                   dossier head: current state and version
 *                                                          (GSI1: holder's inbox by due date,
 *                                                           GSI2: holder's inbox per status by due date,
 *                                                           GSI3: public lookup by dossier code,
 *                                                           GSI4: the receiving one-stop's register,
 *                                                           GSI5: by a keyed hash of the citizen ID)
 *   DOSSIER#<id>               / EVENT#<version, 8 digits> append-only history; the stream carries each new
 *                                                          one to the relay (agency queues, portal sync
 *                                                          queue: the outbox) and the statistics projector
 *   DOSSIER#<id>               / HANDOFF#<handoff id>      one handover: SENT → DELIVERED (exactly once) → ACCEPTED | RETURNED
 *                                                          (DISCARDED when the dossier ended while it travelled)
 *   DOSSIER#<id>               / OPINION#<consult>#<agency> an opinion request (GSI1: the consulted agency's list while open)
 *   DOSSIER#<id>               / READ#<at>#<request>       a full read of the dossier (audit trail)
 *   DOSSIER#<id>               / PORTAL_SYNC               its sync with the national portal (version acknowledged, last error)
 *   DOSSIER#<id>               / INBOUND#<portal item id>  a portal answer or payment it took (online-store.ts)
 *   UPLOAD#<dossier id>        / UPLOAD#<upload id>         a file upload agreed to, until attached (expires by TTL)
 *   SEQUENCE#<agency>#<yymmdd> / SEQUENCE                  per-agency per-day dossier code counter (last number reserved)
 *   SEQUENCE#<agency>#<yymmdd> / NUMBER#<nnnnnn>           a reserved number's fate: USED by a dossier, or VOID with its reason
 *                                                          (GSI4 under REGISTER_VOID#<agency>: the register lists voids)
 *   LOOKUP_CLIENT#<client>     / THROTTLE#<day>            one client's lookups and public submissions per hour, and its
 *                                                          attempts at each code that day (lookup-throttle.ts; expires by TTL)
 *   CALENDAR                   / SCHEDULE#<year>           a year's official day-off schedule (current revision)
 *   CALENDAR                   / SCHEDULE_HISTORY#<year>#<revision, 4 digits>  every load, kept
 *   FAILURE#<agency>           / HANDOFF#<handoff id>      a handoff message not applied (failure-store.ts; expires by TTL)
 *   FAILURE#<agency>           / BODY#<sha-256 prefix>     a message not even read (poison; expires by TTL)
 *   FAILURE#DVCQG              / PORTAL#<dossier id>       a dossier whose portal sync keeps failing (expires by TTL)
 *   PORTAL_INTAKE#FAILED       / <at>#<portal item id>     an inbound portal item refused (online-store.ts; expires by TTL)
 *   RECONCILIATION#<yyyymmdd>  / AGENCY#<code>             the day's last comparison of an agency with the portal
 *   SATISFACTION#AGENCY#<code> / <day>#<procedure>         ratings counted per level (issue 12), written
 *   SATISFACTION#PROCEDURE#<c> / <day>#<agency>            with the RATED event in its transaction, so a
 *   SATISFACTION#PROVINCE      / <day>#<agency>            rating counts exactly once
 *   EVALUATION#<agency>        / QUARTER#<yyyy>-Q<n>       the agency's own scores of the quarterly evaluation
 *   EVALUATION_RULES           / VERSION#<nnnn>            evaluation rules the province published (never overwritten)
 *   FEEDBACK#<id>              / FEEDBACK                  a feedback (PAKN) item's head (GSI1: the holder's
 *                                                          PAKN inbox by next deadline while open; GSI3: by code;
 *                                                          GSI4: the agency's published answers, newest last)
 *   FEEDBACK#<id>              / EVENT#<version, 8 digits> its append-only history (FEEDBACK_* events)
 *   FEEDBACK_STATS#<agency>    / <day>                     answers given that day, and how many on time
 *   STATS#DOSSIER#<id>         / TRACKER                   the statistics read model, written by the projector
 *   STATS#<yyyy-mm>            / CELL#<agency>#<procedure>#<dd>    (quality-store.ts): a dossier's tracker,
 *   STATS#Y#<yyyy>             / MONTH#<agency>#<procedure>#<mm>   day cells, month rollups and the
 *   STATS#META                 / MONTHS                            months that have cells
 *
 * Every access pattern is a GetItem, a BatchGetItem or a Query on a named index: no Scan on a
 * request path.
 */

export const KEY = { partition: 'PK', sort: 'SK' } as const;

export interface IndexDesign {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const INDEXES = {
  /** Children of an agency; catalog; an agency's inbox over all statuses, by due date. */
  byParent: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** An agency's inbox filtered to one status, by due date. */
  byStatus: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  /** Dossier by its public code. */
  byCode: { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  /** The receiving one-stop's register (Sổ theo dõi hồ sơ, Form 06), by reception time. */
  byRegister: { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
  /** Dossiers of one citizen, by a keyed hash of the ID number (never the number itself). */
  byCitizen: { name: 'GSI5', partitionKey: 'GSI5PK', sortKey: 'GSI5SK' },
} as const satisfies Record<string, IndexDesign>;

export const ALL_INDEXES: IndexDesign[] = Object.values(INDEXES);

export const keys = {
  agency: (code: string) => ({ PK: `AGENCY#${code}`, SK: 'AGENCY' }),
  agencyChildren: (parentCode: string | null) => `CHILDREN#${parentCode ?? 'ROOT'}`,
  procedure: (code: string, version: number) => ({
    PK: `PROCEDURE#${code}`,
    SK: `VERSION#${String(version).padStart(4, '0')}`,
  }),
  procedureCurrent: (code: string) => ({ PK: `PROCEDURE#${code}`, SK: 'CURRENT' }),
  catalog: 'CATALOG',
  dossier: (id: string) => ({ PK: `DOSSIER#${id}`, SK: 'DOSSIER' }),
  dossierEvent: (id: string, version: number) => ({
    PK: `DOSSIER#${id}`,
    SK: `EVENT#${String(version).padStart(8, '0')}`,
  }),
  dossierEventPrefix: 'EVENT#',
  dossierReadPrefix: 'READ#',
  /** `client` is a keyed hash of the caller's address, never the address. */
  lookupClientDay: (client: string, day: string) => ({ PK: `LOOKUP_CLIENT#${client}`, SK: `THROTTLE#${day}` }),
  portalSync: (dossierId: string) => ({ PK: `DOSSIER#${dossierId}`, SK: 'PORTAL_SYNC' }),
  /** A partition of its own: the GraphQL role may delete only there (infra/province-table.ts API_DELETE_PARTITIONS), never in a dossier's. */
  upload: (dossierId: string, uploadId: string) => ({ PK: `UPLOAD#${dossierId}`, SK: `UPLOAD#${uploadId}` }),
  handoff: (dossierId: string, handoffId: string) => ({ PK: `DOSSIER#${dossierId}`, SK: `HANDOFF#${handoffId}` }),
  opinionRequest: (dossierId: string, consultationId: string, agencyCode: string) => ({
    PK: `DOSSIER#${dossierId}`,
    SK: `OPINION#${consultationId}#${agencyCode}`,
  }),
  opinionInbox: (agencyCode: string) => `OPINIONS#${agencyCode}`,
  inbox: (agencyCode: string) => `INBOX#${agencyCode}`,
  inboxByStatus: (agencyCode: string, status: string) => `INBOX#${agencyCode}#${status}`,
  code: (dossierCode: string) => `CODE#${dossierCode}`,
  register: (agencyCode: string) => `REGISTER#${agencyCode}`,
  citizen: (idHash: string) => `CITIZEN#${idHash}`,
  calendar: 'CALENDAR',
  daySchedule: (year: number) => ({ PK: 'CALENDAR', SK: `SCHEDULE#${year}` }),
  dayScheduleCurrentPrefix: 'SCHEDULE#',
  dayScheduleHistory: (year: number, revision: number) => ({
    PK: 'CALENDAR',
    SK: `SCHEDULE_HISTORY#${year}#${String(revision).padStart(4, '0')}`,
  }),
  satisfactionByAgency: (agencyCode: string) => `SATISFACTION#AGENCY#${agencyCode}`,
  satisfactionByProcedure: (procedureCode: string) => `SATISFACTION#PROCEDURE#${procedureCode}`,
  satisfactionProvince: 'SATISFACTION#PROVINCE',
  evaluationRules: (version: number) => ({ PK: 'EVALUATION_RULES', SK: `VERSION#${String(version).padStart(4, '0')}` }),
  evaluation: (agencyCode: string, quarter: string) => ({ PK: `EVALUATION#${agencyCode}`, SK: `QUARTER#${quarter}` }),
  feedback: (id: string) => ({ PK: `FEEDBACK#${id}`, SK: 'FEEDBACK' }),
  feedbackEvent: (id: string, version: number) => ({ PK: `FEEDBACK#${id}`, SK: `EVENT#${String(version).padStart(8, '0')}` }),
  feedbackInbox: (agencyCode: string) => `PAKN#${agencyCode}`,
  feedbackCode: (code: string) => `FEEDBACKCODE#${code}`,
  feedbackPublished: (agencyCode: string) => `PAKN_PUBLISHED#${agencyCode}`,
  feedbackStats: (agencyCode: string, day: string) => ({ PK: `FEEDBACK_STATS#${agencyCode}`, SK: day }),
  sequence: (agencyCode: string, yymmdd: string) => ({
    PK: `SEQUENCE#${agencyCode}#${yymmdd}`,
    SK: 'SEQUENCE',
  }),
  dayNumber: (agencyCode: string, yymmdd: string, number: number) => ({
    PK: `SEQUENCE#${agencyCode}#${yymmdd}`,
    SK: `NUMBER#${String(number).padStart(6, '0')}`,
  }),
  registerVoids: (agencyCode: string) => `REGISTER_VOID#${agencyCode}`,
} as const;

/** Table settings that matter for behaviour (the rest is deployment detail in infra/). */
export const TABLE = {
  streamView: 'NEW_IMAGE',
  timeToLiveAttribute: 'expiresAt',
} as const;
