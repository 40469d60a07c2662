import { createHash } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3Objects } from '#aws/s3-objects';
import type { Caller } from '#domain/lifecycle';
import { s3DossierFiles } from '#files/s3-dossier-files';
import { type Services, servicesForTable } from '#services/index';
import { LOCAL_CREDENTIALS, LOCAL_REGION, loopbackUrl } from '../local/aws-env';
import { DEMO_COMMUNE, PROCEDURES } from './dossier-flow';
import { fixed, printTable, section } from './format';
import type { Platform } from './platform';
import { type Summary, summarize } from './stats';

/**
 * Bench 5 (issue 11): a file from "may I upload?" to "attached": the presigned request, the
 * client's PUT to S3, and `attach` (HeadObject, GetObject hashed and typed by its bytes, the
 * copy to the permanent key, the transaction, the upload's removal), through the document
 * service against DynamoDB Local and fauxqs's S3. Side by side, in the same run: a raw PutObject
 * and GetObject of the same bytes, the floor any upload-then-verify design stands on. Then the
 * added cost per dossier, counted from the requests the design makes (docs/cost-model.md).
 */
export interface DocumentsBenchOptions {
  files: number;
}

export interface DocumentsRow {
  label: string;
  bytes: number;
  latency: Summary;
}

const SIZES = [200 * 1024, 2 * 1024 * 1024];
const BUCKET = 'bench-files';

/** A PDF of about `bytes` bytes: the header file-type reads, then padding inside a comment. */
const pdfOf = (bytes: number) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.alloc(Math.max(0, bytes - 16), 0x61), Buffer.from('\n%%EOF\n')]);

export async function runDocumentsBench(
  platform: Platform,
  sqsEndpoint: string,
  options: DocumentsBenchOptions,
): Promise<{ rows: DocumentsRow[] }> {
  section('5. Dossier files: upload requested → file attached, next to a raw S3 PUT + GET of the same bytes');
  const s3 = new S3Client({
    endpoint: loopbackUrl(sqsEndpoint),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const objects = s3Objects({
    bucket: BUCKET,
    forcePathStyle: true,
    env: { AWS_ENDPOINT_URL_S3: loopbackUrl(sqsEndpoint) },
    signer: { region: LOCAL_REGION, credentials: async () => LOCAL_CREDENTIALS },
  });
  const services = servicesForTable(platform.tableName, { files: s3DossierFiles(objects) });
  const caller: Caller = { officerId: 'bench', name: 'Bench', agencyCode: DEMO_COMMUNE, roles: ['RECEPTION_OFFICER'] };
  const rows: DocumentsRow[] = [];
  try {
    // Warm-up, untimed: the first attaches pay for JIT and for the SDK clients' first connections.
    for (let i = 0; i < 3; i += 1) await attachOne(services, caller, pdfOf(SIZES[0]!));
    for (const bytes of SIZES) {
      const body = pdfOf(bytes);
      const raw: number[] = [];
      const attached: number[] = [];
      for (let i = 0; i < options.files; i += 1) {
        const startedRaw = performance.now();
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `raw/${bytes}/${i}`, Body: body }));
        await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `raw/${bytes}/${i}` }))).Body!.transformToByteArray();
        raw.push(performance.now() - startedRaw);
        attached.push(await attachOne(services, caller, body));
      }
      rows.push({ label: 'raw PutObject + GetObject', bytes, latency: summarize(raw) });
      rows.push({ label: 'request → PUT → attach (verified, copied, committed)', bytes, latency: summarize(attached) });
    }
  } finally {
    s3.destroy();
  }
  console.log(
    `  ${options.files} files per row, one at a time; each to a new dossier received beforehand (untimed). fauxqs keeps objects in memory.`,
  );
  printTable(
    ['path', 'size', 'p50 ms', 'p95 ms', 'max ms'],
    rows.map((row) => [
      row.label,
      `${Math.round(row.bytes / 1024)} KB`,
      fixed(row.latency.p50),
      fixed(row.latency.p95),
      fixed(row.latency.max),
    ]),
    ['size', 'p50 ms', 'p95 ms', 'max ms'],
  );
  printCost();
  return { rows };
}

/** One file to a new dossier (received beforehand, untimed): ms from the upload request to attached. */
async function attachOne(services: Services, caller: Caller, body: Buffer): Promise<number> {
  // The client's own hashing is not the platform's time: done before the clock starts.
  const sha256 = createHash('sha256').update(body).digest('base64');
  const dossier = await receivedDossier(services, caller);
  const started = performance.now();
  const ticket = await services.documents.requestUpload(caller, {
    dossierId: dossier.id,
    purpose: { kind: 'COMPONENT', componentCode: 'TO_KHAI_TCXH' },
    declared: { contentType: 'application/pdf', size: body.length, sha256 },
  });
  const put = await fetch(ticket.url, { method: 'PUT', body, headers: ticket.headers });
  if (put.status !== 200) throw new Error(`upload answered ${put.status}`);
  await services.documents.attach(caller, {
    id: dossier.id,
    expectedVersion: dossier.version,
    uploadId: ticket.uploadId,
    provenance: 'COUNTER_SCAN',
  });
  return performance.now() - started;
}

async function receivedDossier(services: Services, caller: Caller) {
  const submitted = await services.dossiers.submit(caller, {
    procedureCode: PROCEDURES.interconnected.code,
    channel: 'DIRECT',
    applicant: { kind: 'CITIZEN', fullName: 'Lý Văn Bình', address: { communeAgencyCode: DEMO_COMMUNE } },
    documents: [...PROCEDURES.interconnected.documents],
  });
  return services.dossiers.accept(caller, submitted.id, submitted.version);
}

/** Prices as docs/cost-model.md gives them (S3 Standard and DynamoDB on-demand, ap-southeast-1, unverified there). */
const PRICE = { putClass: 0.005 / 1000, getClass: 0.0004 / 1000, gbMonth: 0.025, wru: 1.25 / 1_000_000, gbSecond: 0.0000133334 };

/** The requests each attached file makes (the design, counted): PUT + Copy; Head + Get + one download. */
function printCost(): void {
  const files = [1, 1, 1, 0.5]; // MB: three components and an e-result
  const requests = files.length * (2 * PRICE.putClass + 3 * PRICE.getClass);
  const storageYear = (files.reduce((sum, mb) => sum + mb, 0) / 1024) * PRICE.gbMonth * 12;
  const dynamo = files.length * 16 * PRICE.wru;
  const lambda = files.length * 0.15 * PRICE.gbSecond;
  const total = requests + storageYear + dynamo + lambda;
  console.log(
    `  Added cost per dossier (3 components × 1 MB + a 0.5 MB e-result), list prices of docs/cost-model.md: ` +
      `requests $${requests.toFixed(6)}, storage for a year $${storageYear.toFixed(6)}, DynamoDB $${dynamo.toFixed(6)}, ` +
      `Lambda $${lambda.toFixed(6)}: ≈ $${total.toFixed(4)} in its first year.`,
  );
}
