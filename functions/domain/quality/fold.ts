import { applyDeltas, type Cell } from './counters';
import { projectEvent, type StatsEvent, type Tracker } from './tracker';

/**
 * The read model rebuilt from scratch: every dossier's events in version order through the same
 * `projectEvent` the projector applies one stream record at a time. Tests compare the two, and
 * a replay of the stream must land on exactly this.
 */
export function foldEvents(events: Iterable<StatsEvent>): { cells: Map<string, Cell>; trackers: Map<string, Tracker> } {
  const byDossier = new Map<string, StatsEvent[]>();
  for (const event of events) {
    const list = byDossier.get(event.dossierId) ?? [];
    list.push(event);
    byDossier.set(event.dossierId, list);
  }
  const cells = new Map<string, Cell>();
  const trackers = new Map<string, Tracker>();
  for (const [dossierId, list] of byDossier) {
    let tracker: Tracker | undefined;
    for (const event of list.sort((a, b) => a.version - b.version)) {
      const projection = projectEvent(tracker, event);
      tracker = projection.tracker;
      applyDeltas(cells, projection.deltas);
    }
    if (tracker) trackers.set(dossierId, tracker);
  }
  return { cells, trackers };
}
