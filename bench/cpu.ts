import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of this process and of its DynamoDB Local JVM, to tell which side a throughput row is
 * bound by on a 2-core machine. The JVM's time is read from /proc (Linux only; undefined elsewhere).
 */

const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuSample {
  wallMs: number;
  /** This process: user + system, ms. */
  selfMs: number;
  /** Java children of this process (DynamoDB Local), ms. */
  jvmMs: number | undefined;
}

export function sampleCpu(): CpuSample {
  const usage = process.cpuUsage();
  return { wallMs: performance.now(), selfMs: (usage.user + usage.system) / 1000, jvmMs: javaChildrenMs() };
}

/** Percent of one core each side used between two samples. */
export function cpuPercent(from: CpuSample, to: CpuSample): { self: number; jvm: number | undefined } {
  const wall = to.wallMs - from.wallMs;
  return {
    self: (100 * (to.selfMs - from.selfMs)) / wall,
    jvm: from.jvmMs === undefined || to.jvmMs === undefined ? undefined : (100 * (to.jvmMs - from.jvmMs)) / wall,
  };
}

function javaChildrenMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  let total = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid ... utime stime" — comm may hold spaces, so split after its ")".
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    if (command !== 'java' || Number(fields[1]) !== process.pid) continue;
    found = true;
    total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  }
  return found ? total : undefined;
}
