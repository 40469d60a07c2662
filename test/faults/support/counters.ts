/** Named counts of what the harness injected and saw, reset per scenario. */
export class Counters {
  private readonly counts = new Map<string, number>();

  add(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** The counts whose names start with `prefix`, summed. */
  sum(prefix: string): number {
    let total = 0;
    for (const [name, count] of this.counts) if (name.startsWith(prefix)) total += count;
    return total;
  }

  entries(): [string, number][] {
    return [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  reset(): void {
    this.counts.clear();
  }
}
