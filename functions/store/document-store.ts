import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { UploadIntent } from '#domain/documents';
import type { Dossier } from '#domain/dossier';
import type { Transition } from '#domain/lifecycle';
import { batchRead } from './batch-read';
import { dossierFromItem } from './dossier-items';
import { commitTransitionWith, ExtraConditionFailed } from './dossier-writes';
import { translated } from './errors';
import { withoutStorageAttributes } from './queries';
import { IS_NEW, type Table } from './table';
import { keys, TABLE } from './table-design';

/**
 * Dossier documents (issue 11), in the words of their use cases. An upload the platform agreed to
 * is an UPLOAD item in a partition of its own (the dossier's id in its key), living until it is attached (deleted in the
 * attaching transaction, so an upload is attached once) or until DynamoDB's TTL removes it.
 */
const uploadKey = keys.upload;

/** A day past the presigned request's end: an attach still in flight at its end can finish. */
const TTL_GRACE_SECONDS = 24 * 3600;

function intentFromItem(item: Record<string, unknown>): UploadIntent {
  const { [TABLE.timeToLiveAttribute]: _ttl, ...rest } = item;
  return withoutStorageAttributes<UploadIntent>(rest);
}

export function documentStore(table: Table) {
  return {
    /** The upload agreed to, kept until attached or expired. */
    async recordUploadIntent(intent: UploadIntent): Promise<void> {
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...uploadKey(intent.dossierId, intent.uploadId),
            entity: 'UPLOAD',
            ...intent,
            [TABLE.timeToLiveAttribute]: Math.floor(Date.parse(intent.validUntil) / 1000) + TTL_GRACE_SECONDS,
          },
          ConditionExpression: IS_NEW.expression,
        }),
      );
    },

    /** One BatchGetItem: the dossier and the upload to attach to it. */
    async loadForAttach(dossierId: string, uploadId: string): Promise<{ dossier?: Dossier; intent?: UploadIntent }> {
      const [head, upload] = await batchRead(table.db, table.name, [keys.dossier(dossierId), uploadKey(dossierId, uploadId)]);
      return {
        ...(head ? { dossier: dossierFromItem(head) } : {}),
        ...(upload ? { intent: intentFromItem(upload) } : {}),
      };
    },

    /**
     * The attachment and the end of its upload, together: the head, its event, and the UPLOAD
     * item deleted under the condition that it is still there. UPLOAD_NOT_FOUND when another
     * request attached the same upload first.
     */
    async commitAttachment(transition: Transition, uploadId: string): Promise<void> {
      try {
        await commitTransitionWith(table, transition, [
          {
            Delete: {
              TableName: table.name,
              Key: uploadKey(transition.dossier.id, uploadId),
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
        ]);
      } catch (error) {
        if (error instanceof ExtraConditionFailed)
          throw translated('UPLOAD_NOT_FOUND', `Upload ${uploadId} was attached already`, { uploadId }, error);
        throw error;
      }
    },

    /** An upload given up (a bad file, or swept): its record goes with it. */
    async forgetUpload(dossierId: string, uploadId: string): Promise<void> {
      await table.db.send(new DeleteCommand({ TableName: table.name, Key: uploadKey(dossierId, uploadId) }));
    },

    /** A reused result's source dossier (consistent read). */
    async sourceDossier(dossierId: string): Promise<Dossier | undefined> {
      const [head] = await batchRead(table.db, table.name, [keys.dossier(dossierId)]);
      return head ? dossierFromItem(head) : undefined;
    },
  };
}
