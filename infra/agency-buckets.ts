import { createHash } from 'node:crypto';
import type { Agency } from '#domain/agencies';

/**
 * How the agency queues are spread over nested stacks.
 *
 * Each agency costs five CloudFormation resources (queue, DLQ, their two SSL-only queue policies
 * and either the consumer's event source mapping or, for an external subscriber, its reader
 * role); Thanh Hóa (38) has 576 agencies, about 2,900 resources, and one template may hold 500.
 * So the queues live in nested stacks.
 *
 * The bucket of an agency is a hash of its code modulo a FIXED bucket count, because a queue
 * must never move between nested stacks: CloudFormation would create the queue in the new stack
 * before deleting it from the old one, and the explicit queue name would collide. With a fixed
 * count, adding or removing a commune touches only its own bucket. Rejected alternatives:
 * - chunks of N agencies in list order: one new commune shifts every later agency;
 * - one stack per district: the two-tier list (2025-07) has no districts, 169 communes sit
 *   directly under Hồ Chí Minh City, and district sizes differ tenfold.
 * Sixteen buckets keep the largest province around 50 agencies (about 250 resources) per nested
 * stack, with room for the list to double; the synth fails loudly if a bucket ever overflows.
 * Changing BUCKET_COUNT reshuffles every queue: treat it as a migration, not a tuning knob.
 */
export const BUCKET_COUNT = 16;

/** 5 resources each: 99 agencies stay under the 500-resource template limit, with slack. */
export const MAX_AGENCIES_PER_BUCKET = 90;

export function agencyBucket(agencyCode: string, bucketCount = BUCKET_COUNT): number {
  // sha256 rather than a hand-rolled hash: stable across Node versions and well spread.
  return createHash('sha256').update(agencyCode).digest().readUInt32BE(0) % bucketCount;
}

/** Agencies grouped by bucket; empty buckets are kept so stack names are always 00..15. */
export function bucketAgencies(agencies: readonly Agency[], bucketCount = BUCKET_COUNT): Agency[][] {
  const buckets: Agency[][] = Array.from({ length: bucketCount }, () => []);
  for (const agency of agencies) buckets[agencyBucket(agency.code, bucketCount)]?.push(agency);
  const largest = Math.max(...buckets.map((b) => b.length));
  if (largest > MAX_AGENCIES_PER_BUCKET) {
    throw new Error(
      `A queue bucket holds ${largest} agencies (limit ${MAX_AGENCIES_PER_BUCKET}): raising BUCKET_COUNT moves queues between nested stacks, plan it as a migration`,
    );
  }
  return buckets;
}
