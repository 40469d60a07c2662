import type { StatsEvent } from '#domain/quality';
import { Story } from './story';

/**
 * The hand-computed scenario (issue 12): two agencies, three procedures, 30 dossiers through every
 * outcome around January 2026. The expected figures are written out in scenario.test.ts.
 *
 * Agency 06.SOTP (province level): procedure A1 (field CHUNG_THUC) and A3 (DAT_DAI).
 * Agency 06.XA1 (commune level): procedure B2 (HO_TICH).
 */
export const FIELDS: Record<string, { code: string; name: string }> = {
  A1: { code: 'CHUNG_THUC', name: 'Chứng thực' },
  A3: { code: 'DAT_DAI', name: 'Đất đai' },
  B2: { code: 'HO_TICH', name: 'Hộ tịch' },
};

export function scenarioStories(): Story[] {
  const a1 = (id: string, channel: 'DIRECT' | 'ONLINE' = 'DIRECT') =>
    new Story(id, { agency: '06.SOTP', procedure: 'A1', level: 'PROVINCE', channel });
  const a3 = (id: string, channel: 'DIRECT' | 'ONLINE' = 'DIRECT') =>
    new Story(id, { agency: '06.SOTP', procedure: 'A3', level: 'PROVINCE', channel });
  const b2 = (id: string, channel: 'DIRECT' | 'ONLINE' | 'POSTAL' = 'DIRECT') =>
    new Story(id, { agency: '06.XA1', procedure: 'B2', level: 'COMMUNE', channel });
  return [
    // Early, rated very satisfied.
    a1('a01')
      .received('2026-01-05 09:00', '2026-01-12 17:00')
      .issued('2026-01-08 10:00')
      .returned('2026-01-09 09:00')
      .rated('2026-01-09 09:05', 'VERY_SATISFIED'),
    // On time (the due day), rated satisfied.
    a1('a02')
      .received('2026-01-05 09:30', '2026-01-12 17:00')
      .issued('2026-01-12 15:00')
      .returned('2026-01-13 09:00')
      .rated('2026-01-13 09:05', 'SATISFIED'),
    // Late after an apology; the apology does not move the statistics' due date.
    a1('a03', 'ONLINE')
      .received('2026-01-06 10:00', '2026-01-13 17:00')
      .apologized('2026-01-12 10:00', '2026-01-16 17:00')
      .issued('2026-01-15 10:00')
      .returned('2026-01-16 10:00')
      .rated('2026-01-16 10:05', 'DISSATISFIED'),
    // One supplement: the due moves, resolved before the new due day.
    a1('a04', 'ONLINE')
      .received('2026-01-06 10:00', '2026-01-13 17:00')
      .supplementRequested('2026-01-08 10:00')
      .supplementReceived('2026-01-12 10:00', '2026-01-19 17:00')
      .issued('2026-01-16 10:00'),
    // Two supplements: late from the second request (766), whatever the due.
    a1('a05')
      .received('2026-01-07 09:00', '2026-01-14 17:00')
      .supplementRequested('2026-01-08 09:00')
      .supplementReceived('2026-01-09 09:00', '2026-01-16 17:00')
      .supplementRequested('2026-01-12 10:00')
      .supplementReceived('2026-01-13 10:00', '2026-01-20 17:00')
      .issued('2026-01-15 10:00'),
    // Waiting for a supplement asked before the due: in process, on time.
    a1('a06').received('2026-01-07 09:00', '2026-01-14 17:00').supplementRequested('2026-01-09 09:00'),
    // Open past its due: in process, overdue.
    a1('a07').received('2026-01-20 09:00', '2026-01-27 17:00'),
    // Open, not yet due.
    a1('a08', 'ONLINE').received('2026-01-20 09:00', '2026-02-03 17:00'),
    // Withdrawn before the due day: resolved early (II.06a counts withdrawals as resolved).
    a1('a09').received('2026-01-21 09:00', '2026-01-28 17:00').withdrawn('2026-01-22 09:00'),
    // Stopped after the due: resolved late.
    a1('a10').received('2026-01-21 09:00', '2026-01-23 17:00').stopped('2026-01-26 09:00'),
    // Refused at reception: never received.
    a1('a11').submitted('2026-01-22 09:00').refused('2026-01-22 09:30'),
    // Carried over from December, already overdue, resolved late in January.
    a1('a12').received('2025-12-20 09:00', '2025-12-29 17:00').issued('2026-01-05 10:00'),
    // Carried over, resolved on its due day.
    a1('a13').received('2025-12-22 09:00', '2026-01-06 17:00').issued('2026-01-06 10:00'),
    // Received and resolved in December: not in January at all.
    a1('a14').received('2025-12-01 09:00', '2025-12-08 17:00').issued('2025-12-05 10:00'),
    // Apologised, due in February: in process on time at the end of January.
    a1('a15').received('2026-01-26 09:00', '2026-02-02 17:00').apologized('2026-01-30 09:00', '2026-02-05 17:00'),
    // Due 29/01, resolved in February: overdue at the end of January.
    a1('a16').received('2026-01-28 09:00', '2026-01-29 17:00').issued('2026-02-02 09:00'),
    // Fees paid on the portal, uploaded, electronic result, on time.
    a3('a17', 'ONLINE')
      .received('2026-01-05 09:00', '2026-01-09 17:00')
      .feesAssessed('2026-01-05 09:10', 1000)
      .feePaid('2026-01-05 09:20', 'PORTAL')
      .documentAttached('2026-01-05 09:30', 'APPLICANT_UPLOAD')
      .issued('2026-01-09 16:00')
      .resultDocument('2026-01-09 16:05'),
    // Fees paid at the counter, scanned and reused components, electronic result, early.
    a3('a18')
      .received('2026-01-05 10:00', '2026-01-09 17:00')
      .feesAssessed('2026-01-05 10:10', 5000)
      .feePaid('2026-01-05 10:20', 'COUNTER')
      .documentAttached('2026-01-05 10:30', 'COUNTER_SCAN')
      .documentAttached('2026-01-05 10:31', 'REUSED_RESULT')
      .issued('2026-01-08 10:00')
      .resultDocument('2026-01-08 10:05'),
    // A zero fee is not fee-bearing; late.
    a3('a19').received('2026-01-06 09:00', '2026-01-10 17:00').feesAssessed('2026-01-06 09:10', 0).issued('2026-01-12 10:00'),
    b2('b01')
      .received('2026-01-05 09:00', '2026-01-06 17:00')
      .issued('2026-01-05 15:00')
      .returned('2026-01-05 16:00')
      .rated('2026-01-05 16:01', 'VERY_SATISFIED'),
    b2('b02')
      .received('2026-01-05 09:00', '2026-01-06 17:00')
      .issued('2026-01-06 15:00')
      .returned('2026-01-06 16:00')
      .rated('2026-01-06 16:01', 'VERY_SATISFIED'),
    b2('b03', 'POSTAL')
      .received('2026-01-07 09:00', '2026-01-08 17:00')
      .issued('2026-01-08 11:00')
      .returned('2026-01-09 09:00')
      .rated('2026-01-09 09:01', 'SATISFIED'),
    b2('b04', 'ONLINE')
      .received('2026-01-08 09:00', '2026-01-09 17:00')
      .apologized('2026-01-08 16:00', '2026-01-12 17:00')
      .issued('2026-01-12 09:00')
      .returned('2026-01-12 10:00')
      .rated('2026-01-12 10:01', 'DISSATISFIED'),
    // Supplement asked the morning of the due day: on time while waiting.
    b2('b05').received('2026-01-12 09:00', '2026-01-13 17:00').supplementRequested('2026-01-13 09:00'),
    // Supplement asked after the due: stays overdue while waiting.
    b2('b06').received('2026-01-12 09:00', '2026-01-13 17:00').supplementRequested('2026-01-14 09:00'),
    b2('b07').submitted('2026-01-14 09:00').refused('2026-01-14 09:10'),
    b2('b08').received('2026-01-29 09:00', '2026-01-30 17:00'),
    b2('b09', 'ONLINE').received('2026-01-30 09:00', '2026-02-02 17:00'),
    b2('b10').received('2026-01-30 10:00', '2026-02-02 17:00').issued('2026-02-01 09:00'),
    b2('b11').received('2026-02-02 09:00', '2026-02-03 17:00'),
  ];
}

export const scenarioEvents = (): StatsEvent[] => scenarioStories().flatMap((story) => story.events);
