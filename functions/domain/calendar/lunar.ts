/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically.
 *
 * Rules (as described by Hồ Ngọc Đức, "Âm lịch Việt Nam", and used by every Vietnamese calendar):
 * - A lunar month starts on the civil day, at UTC+7, that contains the new moon (điểm Sóc).
 * - Month 11 is the month that contains the winter solstice (sun longitude 270°).
 * - A year from one month 11 to the next with 13 months has a leap month: the first month after
 *   month 11 that contains no major solar term (trung khí, a multiple of 30° of sun longitude).
 *   It repeats the number of the month before it.
 *
 * The time zone matters: China uses UTC+8, so a new moon between 16:00 and 17:00 UTC falls on
 * different civil days and the two calendars differ (Tết 2007: 17/02 in Việt Nam, 18/02 in China).
 *
 * New moons and sun longitudes use the low-precision series of J. Meeus, "Astronomical
 * Algorithms" (ch. 25 and 49), as in Hồ Ngọc Đức's published algorithm; they are accurate to well
 * a few minutes for 1900–2199. Checked against Hồ Ngọc Đức's published tables (2000–2100), every
 * civil day agrees except three months whose new moon falls within 1.2 minutes of midnight at
 * UTC+7 — closer than the uncertainty of the predicted Earth-rotation correction (ΔT) — so no
 * calculation can settle them yet: months 4/2054 (starts 08/05 here, 07/05 in the table), 11/2072
 * (10/12 vs 09/12) and 10/2077 (16/11 vs 15/11). None of them holds a public holiday.
 */
import { civilDate, dayNumber, fromJdn, toJdn } from './civil-date';

export const VIETNAM_TIME_ZONE_HOURS = 7;

export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year is named by the Gregorian year in which its month 1 starts. */
  year: number;
  leap: boolean;
}

const RAD = Math.PI / 180;
/** JDN (with fraction) of the new moon of 1900-01-01 13:52 UTC, the k = 0 of the series below. */
const NEW_MOON_EPOCH = 2_415_021.076998695;
const SYNODIC_MONTH = 29.530588853;

/** Civil JDN, in the given zone, of the k-th new moon after the epoch (Meeus ch. 49, simplified). */
export function newMoonDay(k: number, timeZone: number): number {
  const T = k / 1236.85; // Julian centuries from 1900-01-01
  const T2 = T * T;
  const T3 = T2 * T;
  let jd = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * RAD);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let correction =
    (0.1734 - 0.000393 * T) * Math.sin(M * RAD) +
    0.0021 * Math.sin(2 * M * RAD) -
    0.4068 * Math.sin(Mpr * RAD) +
    0.0161 * Math.sin(2 * Mpr * RAD) -
    0.0004 * Math.sin(3 * Mpr * RAD) +
    0.0104 * Math.sin(2 * F * RAD) -
    0.0051 * Math.sin((M + Mpr) * RAD) -
    0.0074 * Math.sin((M - Mpr) * RAD) +
    0.0004 * Math.sin((2 * F + M) * RAD) -
    0.0004 * Math.sin((2 * F - M) * RAD) -
    0.0006 * Math.sin((2 * F + Mpr) * RAD) +
    0.001 * Math.sin((2 * F - Mpr) * RAD) +
    0.0005 * Math.sin((2 * Mpr + M) * RAD);
  // ΔT (TT − UT), in days
  const deltaT =
    T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  correction -= deltaT;
  return Math.floor(jd + correction + 0.5 + timeZone / 24);
}

/**
 * Which 30° sector (0–11) the sun's apparent longitude is in at the start of the civil day
 * `jdn` in the given zone. Sector 9 starts at the winter solstice (270°).
 */
export function sunLongitudeSector(jdn: number, timeZone: number): number {
  const T = (jdn - 2_451_545.5 - timeZone / 24) / 36525; // Julian centuries from J2000
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  const center =
    (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(M * RAD) +
    (0.019993 - 0.000101 * T) * Math.sin(2 * M * RAD) +
    0.00029 * Math.sin(3 * M * RAD);
  let longitude = (L0 + center) * RAD;
  longitude -= 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
  return Math.floor((longitude / Math.PI) * 6);
}

/** JDN of the first day of lunar month 11 of the lunar year that ends in Gregorian year `year`. */
export function lunarMonth11Start(year: number, timeZone: number): number {
  const offset = toJdn(dayNumber(year, 12, 31)) - NEW_MOON_EPOCH;
  const k = Math.floor(offset / SYNODIC_MONTH);
  const newMoon = newMoonDay(k, timeZone);
  // If the new moon before 31/12 is already past the solstice, month 11 began one lunation earlier.
  return sunLongitudeSector(newMoon, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : newMoon;
}

/**
 * In a 13-month year starting at month 11 (JDN `a11`), how many months after month 11 the leap
 * month comes: the first month whose start and the next month's start fall in the same sector,
 * i.e. a month without a major solar term.
 */
export function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a civil day number. */
export function solarToLunar(dayNo: number, timeZone = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  const jdn = toJdn(dayNo);
  // The mean-lunation estimate of k can be one off when a true new moon is far from the mean one
  // (it happens in May 2054), so step until newMoon(k) <= jdn < newMoon(k + 1).
  let k = Math.floor((jdn - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  while (newMoonDay(k, timeZone) > jdn) k -= 1;
  while (newMoonDay(k + 1, timeZone) <= jdn) k += 1;
  const monthStart = newMoonDay(k, timeZone);

  const gYear = civilDate(dayNo).year;
  let a11 = lunarMonth11Start(gYear, timeZone);
  let b11: number;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = gYear;
    b11 = a11;
    a11 = lunarMonth11Start(gYear - 1, timeZone);
  } else {
    lunarYear = gYear + 1;
    b11 = lunarMonth11Start(gYear + 1, timeZone);
  }
  const day = jdn - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/** The civil day number of a lunar date; throws if the lunar date does not exist. */
export function lunarToSolar(lunar: LunarDate, timeZone = VIETNAM_TIME_ZONE_HOURS): number {
  const { day, month, year, leap } = lunar;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11Start(year - 1, timeZone);
    b11 = lunarMonth11Start(year, timeZone);
  } else {
    a11 = lunarMonth11Start(year, timeZone);
    b11 = lunarMonth11Start(year + 1, timeZone);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`Lunar year ${year} has no leap month`);
  }
  const monthStart = newMoonDay(k + offset, timeZone);
  const nextMonthStart = newMoonDay(k + offset + 1, timeZone);
  if (day < 1 || monthStart + day - 1 >= nextMonthStart) {
    throw new RangeError(`Lunar month ${month}/${year} has no day ${day}`);
  }
  return fromJdn(monthStart + day - 1);
}

/** Mùng 1 Tết: the first day of lunar month 1 of `year`. */
export function tetDay(year: number, timeZone = VIETNAM_TIME_ZONE_HOURS): number {
  return lunarToSolar({ day: 1, month: 1, year, leap: false }, timeZone);
}

/** Giỗ Tổ Hùng Vương: the 10th day of the (regular, never the leap) 3rd lunar month. */
export function hungKingsDay(year: number): number {
  return lunarToSolar({ day: 10, month: 3, year, leap: false });
}
