import { setTimeout as sleep } from 'node:timers/promises';

/** Exponential backoff with a cap, as Lambda's retries of a failed batch grow from ~1 s. */
export function backoffMs(attempt: number, firstMs = 200, capMs = 5_000): number {
  return Math.min(capMs, firstMs * 2 ** attempt);
}

/** Sleeps unless stopped: resolves early (never rejects) when the signal aborts. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/** Polls `isDone` until it holds; the error says what was still busy when time ran out. */
export async function waitUntil(isDone: () => boolean, timeoutMs: number, describeBusy: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`still busy after ${timeoutMs} ms: ${describeBusy()}`);
    await sleep(20);
  }
}
