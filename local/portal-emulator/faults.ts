/**
 * Failures the emulator can be told to produce on the portal's own routes, so the sender's
 * retries, back-off and idempotence are tried against the failures a real portal has:
 * - down: the connection is dropped without an answer;
 * - 5xx: 503 with a reason;
 * - timeout: no answer for `delayMs` (default 30 s), then the socket is dropped;
 * - slow: the normal answer after `delayMs`;
 * - duplicate-ack: the request is applied, then answered as if it were a repeat (the sender must
 *   treat "already received" as success);
 * - reject: 422 with a reason, as the portal refuses data it will not take (the message ends in the
 *   DLQ with that reason, listed under DVCQG).
 * `rate` (0–1) is the share of requests hit; the others are answered normally.
 */
export const FAULT_MODES = ['none', 'down', '5xx', 'timeout', 'slow', 'duplicate-ack', 'reject'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSettings {
  mode: FaultMode;
  rate: number;
  delayMs: number;
}

export type FaultDecision = { kind: 'pass' } | { kind: Exclude<FaultMode, 'none'>; delayMs: number };

const NONE: FaultSettings = { mode: 'none', rate: 0, delayMs: 0 };

export class PortalFaults {
  #settings: FaultSettings = NONE;
  #random: () => number;
  #injected = 0;
  readonly #byMode = new Map<FaultMode, number>();

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /** Checks an operator's request; returns the problems, or sets the faults and returns []. */
  set(input: unknown): string[] {
    const problems: string[] = [];
    const value = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const mode = value.mode;
    if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode)) {
      problems.push(`mode must be one of ${FAULT_MODES.join(', ')}`);
    }
    const rate = value.rate ?? 1;
    if (typeof rate !== 'number' || rate < 0 || rate > 1) problems.push('rate must be a number from 0 to 1');
    const delayMs = value.delayMs ?? (mode === 'timeout' ? 30_000 : mode === 'slow' ? 1_000 : 0);
    if (typeof delayMs !== 'number' || delayMs < 0 || delayMs > 120_000) problems.push('delayMs must be from 0 to 120000');
    if (problems.length === 0) this.#settings = { mode: mode as FaultMode, rate: rate as number, delayMs: delayMs as number };
    return problems;
  }

  get settings(): FaultSettings {
    return this.#settings;
  }

  /** Faults injected since the start (or the last reset). */
  get injected(): number {
    return this.#injected;
  }

  /** Faults injected per mode since the start (or the last reset). */
  get injectedByMode(): Record<string, number> {
    return Object.fromEntries(this.#byMode);
  }

  decide(): FaultDecision {
    const { mode, rate, delayMs } = this.#settings;
    if (mode === 'none' || this.#random() >= rate) return { kind: 'pass' };
    this.#injected += 1;
    this.#byMode.set(mode, (this.#byMode.get(mode) ?? 0) + 1);
    return { kind: mode, delayMs };
  }

  reset(): void {
    this.#settings = NONE;
    this.#injected = 0;
    this.#byMode.clear();
  }
}
