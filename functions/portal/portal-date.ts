/** Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset is exact. */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** An ISO instant as the portal writes dates: `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. */
export function portalDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new RangeError(`not an instant: ${iso}`);
  return new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}
