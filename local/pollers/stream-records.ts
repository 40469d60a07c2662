import type { AttributeValue as SdkAttributeValue, _Record as SdkRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord, StreamRecord } from 'aws-lambda';

/**
 * A stream record as Lambda delivers it. The SDK hands us decoded values (Dates, byte arrays);
 * Lambda hands the function the wire JSON: epoch seconds, base64 binaries, and the stream's ARN.
 */
export function toLambdaRecord(record: SdkRecord, eventSourceARN: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const dynamodb: StreamRecord = {
    ApproximateCreationDateTime: stream.ApproximateCreationDateTime
      ? Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000)
      : undefined,
    Keys: toWireMap(stream.Keys),
    NewImage: toWireMap(stream.NewImage),
    OldImage: toWireMap(stream.OldImage),
    SequenceNumber: stream.SequenceNumber,
    SizeBytes: stream.SizeBytes,
    StreamViewType: stream.StreamViewType,
  };
  return withoutUndefined({
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    dynamodb: withoutUndefined(dynamodb),
    eventSourceARN,
    // Present on deletions made by TTL, as on AWS.
    userIdentity: record.userIdentity,
  });
}

function toWireMap(map: Record<string, SdkAttributeValue> | undefined): Record<string, AttributeValue> | undefined {
  if (!map) return undefined;
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, toWire(value)]));
}

function toWire(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toWire) };
  if (value.M !== undefined) return { M: toWireMap(value.M) ?? {} };
  // S, N, SS, NS, BOOL and NULL are already what the wire carries.
  return value as AttributeValue;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Lambda's JSON has no keys for absent fields; `'OldImage' in dynamodb` should be false. */
function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
