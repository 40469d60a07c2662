/** A dossier as the portal last accepted it, with the version our side sent it at. */
export interface ReceivedDossier {
  code: string;
  version: number;
  payload: Record<string, unknown>;
  receivedAt: string;
  /** How many sync calls carried this code (accepted or not), stale ones included. */
  calls: number;
}

export interface ReceivedStep {
  code: string;
  stepId: string;
  payload: Record<string, unknown>;
  receivedAt: string;
}

/**
 * The portal's memory: the latest state per MaHoSo and every process step. Keeping the highest
 * version is the portal-side half of "an older version never overwrites a newer one"; the sender
 * checks versions too, but a redriven or delayed message must not win here either.
 */
export class PortalRecords {
  readonly #dossiers = new Map<string, ReceivedDossier>();
  readonly #steps = new Map<string, Map<string, ReceivedStep>>();
  #staleRefusals = 0;

  /** Stores the state unless a newer (or the same) version is already held; says which happened. */
  acceptDossier(code: string, version: number, payload: Record<string, unknown>): 'stored' | 'same' | 'stale' {
    const held = this.#dossiers.get(code);
    const calls = (held?.calls ?? 0) + 1;
    if (held && held.version > version) {
      held.calls = calls;
      this.#staleRefusals += 1;
      return 'stale';
    }
    if (held && held.version === version) {
      held.calls = calls;
      return 'same';
    }
    this.#dossiers.set(code, { code, version, payload, receivedAt: new Date().toISOString(), calls });
    return 'stored';
  }

  /** Steps are kept once per id: a resent batch (after a lost acknowledgement) adds nothing. */
  acceptStep(code: string, stepId: string, payload: Record<string, unknown>): void {
    const steps = this.#steps.get(code) ?? new Map<string, ReceivedStep>();
    this.#steps.set(code, steps);
    if (!steps.has(stepId)) steps.set(stepId, { code, stepId, payload, receivedAt: new Date().toISOString() });
  }

  dossier(code: string): ReceivedDossier | undefined {
    return this.#dossiers.get(code);
  }

  dossiers(): ReceivedDossier[] {
    return [...this.#dossiers.values()];
  }

  steps(code: string): ReceivedStep[] {
    return [...(this.#steps.get(code)?.values() ?? [])];
  }

  /** Sends of an older version after a newer one, refused. */
  get staleRefusals(): number {
    return this.#staleRefusals;
  }

  clear(): void {
    this.#dossiers.clear();
    this.#steps.clear();
    this.#staleRefusals = 0;
  }
}
