import { InvalidFilingError } from '#domain/errors';
import type { IntakeOutcome } from '#domain/online/filing';
import type { Services } from '../services';

/**
 * The push transport, ready for the day the portal calls the province instead of being called:
 * the body of the portal's call, `{ items: [...] }` (the same items the pull reads), each taken by
 * the same `online.takeRaw`, the outcomes answered in the response instead of an acknowledgement
 * call. An HTTP route (behind the province's gateway, authenticated as the portal) would wrap it;
 * none is deployed while the province pulls (README "Dossiers filed online").
 */
export const MAX_PUSHED_ITEMS = 50;

export async function takePushed(services: Services, body: unknown): Promise<{ results: IntakeOutcome[] }> {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new InvalidFilingError('items: expected a list', { field: 'items' });
  if (items.length > MAX_PUSHED_ITEMS) throw new InvalidFilingError(`items: at most ${MAX_PUSHED_ITEMS} per call`, { field: 'items' });
  const results: IntakeOutcome[] = [];
  // In order, one at a time: an answer may follow its filing in the same call.
  for (const raw of items) results.push(await services.online.takeRaw(raw));
  return { results };
}
