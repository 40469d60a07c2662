import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Makes sure a child process (DynamoDB Local's JVM) never outlives this Node process.
 *
 * On exit we can only act synchronously, so the child gets SIGKILL. On SIGINT/SIGTERM we kill the
 * child too; if nobody else listens for that signal we then re-raise it so the process still ends
 * as it would by default. When the host has its own handler (start.ts shuts down gracefully), it
 * stays in charge of ending the process.
 *
 * A Node process killed outright (SIGKILL, a crashed test worker) runs no hook at all, so a tiny
 * shell watchdog also waits for either process to end and then kills the child.
 */
const guarded = new Set<ChildProcess>();

export function guardChild(child: ChildProcess): () => void {
  if (guarded.size === 0) installHooks();
  guarded.add(child);
  if (child.pid !== undefined) startWatchdog(child.pid);
  return () => {
    guarded.delete(child);
    if (guarded.size === 0) removeHooks();
  };
}

function killAll(): void {
  for (const child of guarded) if (child.exitCode === null) child.kill('SIGKILL');
  guarded.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  removeHooks();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const onSigint = () => onSignal('SIGINT');
const onSigterm = () => onSignal('SIGTERM');

function installHooks(): void {
  process.on('exit', killAll);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
}

function removeHooks(): void {
  process.off('exit', killAll);
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
}

function startWatchdog(childPid: number): void {
  const script = 'while kill -0 "$1" && kill -0 "$2"; do sleep 1; done 2>/dev/null; kill -9 "$2" 2>/dev/null';
  const watchdog = spawn('sh', ['-c', script, 'watchdog', String(process.pid), String(childPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.on('error', () => undefined); // No sh: the exit and signal hooks still apply.
  watchdog.unref();
}
