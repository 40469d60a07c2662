import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { agencyStore } from './agency-store';
import { CalendarStore } from './calendar-store';
import { catalogStore } from './catalog-store';
import { documentStore } from './document-store';
import { dossierReads } from './dossier-reads';
import { dossierWrites } from './dossier-writes';
import { evaluationStore } from './evaluation-store';
import { FailureStore } from './failure-store';
import { feedbackStore } from './feedback-store';
import { lookupThrottleStore } from './lookup-throttle';
import { numberingStore } from './numbering-store';
import { onlineStore } from './online-store';
import { portalStore } from './portal-store';
import { qualityStore } from './quality-store';
import { satisfactionStore } from './satisfaction-store';
import { seedWrites } from './seed-writes';

/**
 * The province table, in the words of the use cases: reads named for what a use case loads
 * (`loadForTransfer`), writes named for what it commits (`commitTransfer`, `markDelivered`).
 * Keys, item mappers, condition expressions and the client stay behind this surface.
 */
export function createStore(db: DynamoDBDocumentClient, tableName: string) {
  const table = { db, name: tableName };
  return {
    dossiers: { ...dossierReads(table), ...dossierWrites(table), ...lookupThrottleStore(table) },
    /** Issue 14: the day's dossier numbers (reserve, void, the day's account). */
    numbering: numberingStore(table),
    agencies: agencyStore(table),
    catalog: catalogStore(table),
    failures: new FailureStore(table),
    seed: seedWrites(table),
    calendar: new CalendarStore(table),
    /** Issue 10: portal items taken, intake failures, reconciliation reports. */
    online: onlineStore(table),
    portal: portalStore(table),
    documents: documentStore(table),
    satisfaction: satisfactionStore(table),
    feedback: feedbackStore(table),
    evaluation: evaluationStore(table),
    /** The statistics read model (issue 12): written by the projector, read by reports. */
    quality: qualityStore(table),
  };
}

export type Store = ReturnType<typeof createStore>;

export type { AgencyChanges } from './agency-store';
export { createDocumentClient, requireEnv, sharedDocumentClient } from './clients';
export type { HandoffRecord, HandoffState, OpinionRequestRecord } from './dossier-items';
export type { DossierReadRecord } from './dossier-reads';
export { ConfigurationError, SequenceTaken } from './errors';
export type { StoredAgencyScores } from './evaluation-store';
export type { AnswerCounts } from './feedback-store';
export { hashKey } from './keys-config';
export { type CopyOutcome, MigrationStore, MissingTableError, type SourceRecord, type TargetState } from './migration-store';
export type { NumberedDay } from './numbering-store';
export type { IntakeFailureRecord } from './online-store';
export type { Page } from './pagination';
export type { PortalSyncLoad } from './portal-store';
export { type ApplyOutcome, ProjectionGap } from './quality-store';
export { dynamoDbRequestsUsed, withDynamoDbBudget } from './request-budget';
export type { SatisfactionPartition, SatisfactionRow } from './satisfaction-store';
