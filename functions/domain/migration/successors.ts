/**
 * The conversion table old commune → new commune published with the 01/07/2025 reorganisation
 * (data/units/commune-successors-2025-07.json). A new commune may succeed several old ones; an
 * old commune split between new communes has one row per part, and its note says "một phần".
 */
export interface SuccessorRow {
  newProvince: string;
  newCommune: string;
  oldProvince: string;
  oldDistrict: string;
  oldCommune: string;
  note: string;
}

export interface SuccessorTable {
  source: string;
  rows: SuccessorRow[];
}

/** Where an old commune went: whole into one new commune, split between several, or nowhere known. */
export type CommuneFate =
  | { kind: 'ONE'; newProvince: string; newCommune: string; note: string }
  | { kind: 'SPLIT'; parts: { newProvince: string; newCommune: string; note: string }[] }
  | { kind: 'NONE' };

export class SuccessorIndex {
  private readonly byOld = new Map<string, SuccessorRow[]>();

  constructor(readonly table: SuccessorTable) {
    for (const row of table.rows) {
      const key = `${row.oldProvince}.${row.oldCommune}`;
      this.byOld.set(key, [...(this.byOld.get(key) ?? []), row]);
    }
  }

  /** Old provinces with at least one commune in the new province (its pre-merge provinces). */
  mergedInto(newProvince: string): Set<string> {
    return new Set(this.table.rows.filter((row) => row.newProvince === newProvince).map((row) => row.oldProvince));
  }

  /**
   * One new commune only when every row of the old commune names the same one: a commune split
   * between two new communes (even across provinces) is "not one commune" and goes to the province.
   */
  fate(oldProvince: string, oldCommune: string): CommuneFate {
    const rows = this.byOld.get(`${oldProvince}.${oldCommune}`) ?? [];
    const parts = [...new Map(rows.map((row) => [`${row.newProvince}.${row.newCommune}`, row])).values()].map(
      ({ newProvince, newCommune, note }) => ({ newProvince, newCommune, note }),
    );
    if (parts.length === 0) return { kind: 'NONE' };
    if (parts.length === 1) return { kind: 'ONE', ...parts[0]! };
    return { kind: 'SPLIT', parts };
  }
}
