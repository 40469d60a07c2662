import { pause } from './timing';

export type ScheduledHandler = (event: unknown) => Promise<unknown>;

export interface ScheduledRun {
  /** Runs the handler now (after a run in progress), as the next tick would; resolves with its result. */
  runNow(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * A scheduled Lambda on this machine, as an EventBridge rule invokes it on AWS: every `everyMs`,
 * one run at a time (a run still going when the next tick comes is not doubled). A failed run is
 * reported and the schedule goes on, as the next scheduled invocation would.
 */
export function startSchedule(options: {
  handler: ScheduledHandler;
  everyMs: number;
  functionName: string;
  onError?: (message: string, error: unknown) => void;
}): ScheduledRun {
  const controller = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  const report = options.onError ?? ((message, error) => console.warn(`[${options.functionName}] ${message}:`, (error as Error).message));
  const runNow = () => {
    const run = running.then(() => options.handler({ source: 'local.schedule', 'detail-type': 'Scheduled Event' }));
    running = run.catch((error: unknown) => report('scheduled run failed', error));
    return run;
  };
  const loop = (async () => {
    while (!controller.signal.aborted) {
      await pause(options.everyMs, controller.signal);
      if (!controller.signal.aborted) await runNow().catch(() => undefined);
    }
  })();
  return {
    runNow,
    async stop() {
      controller.abort();
      await loop;
      await running;
    },
  };
}
