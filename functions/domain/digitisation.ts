import type { AttachedDocument, DigitisationExemption, Provenance } from './documents';
import type { Dossier } from './dossier';

/**
 * Digitisation as Decision 766 group 4 and the national portal count it, read off the dossier's
 * attachments (domain.md §h group 4, Appendix D). Each flag is named by the DVCQG field it feeds
 * (TaiLieuNop[]: DuocSoHoa, DuocTaiSuDung, DuocLayTuKhoDMQG, MaKetQuaThayThe; the dossier's
 * HoSoCoThanhPhanSoHoa). Where each comes from:
 * - digitised (DuocSoHoa): the component has a verified file, whatever its provenance;
 * - reused (DuocTaiSuDung): it came from data already held: an earlier e-result or a data store;
 * - fromNationalStore (DuocLayTuKhoDMQG): taken from the applicant's store on the national portal;
 * - replacedByResult (MaKetQuaThayThe): the reused e-result it stands for.
 */
export interface ComponentDigitisation {
  code: string;
  name: string;
  required: boolean;
  provenance?: Provenance;
  exemption?: DigitisationExemption;
  digitised: boolean;
  reused: boolean;
  fromNationalStore: boolean;
  replacedByResult?: string;
}

export interface Digitisation {
  components: ComponentDigitisation[];
  /** HoSoCoThanhPhanSoHoa: at least one component is digital. */
  hasDigitisedComponent: boolean;
  /** Every component handed in is digitised or exempt (766 indicator 4.2, first half). */
  fullyDigitised: boolean;
  /** An electronic result is attached (766 indicator 4.1; 4.2, second half). */
  electronicResult: boolean;
}

const REUSED: readonly Provenance[] = ['REUSED_RESULT', 'CITIZEN_STORE', 'NATIONAL_STORE'];

function componentFlags(code: string, name: string, required: boolean, doc: AttachedDocument | undefined): ComponentDigitisation {
  return {
    code,
    name,
    required,
    ...(doc ? { provenance: doc.provenance } : {}),
    ...(doc?.exemption ? { exemption: doc.exemption } : {}),
    digitised: doc?.file !== undefined,
    reused: doc !== undefined && REUSED.includes(doc.provenance),
    fromNationalStore: doc?.provenance === 'NATIONAL_STORE',
    ...(doc?.sourceDocumentId ? { replacedByResult: doc.sourceDocumentId } : {}),
  };
}

export function digitisationOf(dossier: Dossier): Digitisation {
  const byCode = new Map((dossier.attachments ?? []).map((doc) => [doc.componentCode, doc]));
  const components = dossier.terms.documents.map((doc) => componentFlags(doc.code, doc.name, doc.required, byCode.get(doc.code)));
  const handedIn = new Set(dossier.documents.map((doc) => doc.code));
  const counted = components.filter((component) => handedIn.has(component.code) || component.provenance !== undefined);
  return {
    components,
    hasDigitisedComponent: components.some((component) => component.digitised),
    fullyDigitised: counted.length > 0 && counted.every((component) => component.digitised || component.provenance === 'EXEMPT'),
    electronicResult: dossier.resultDocument !== undefined,
  };
}

/** How each provenance reads on the printed forms (Vietnamese legal terms). */
const PROVENANCE_LABELS: Readonly<Record<Provenance, string>> = {
  COUNTER_SCAN: 'số hóa tại bộ phận một cửa',
  APPLICANT_UPLOAD: 'tổ chức, cá nhân nộp bản điện tử',
  REUSED_RESULT: 'tái sử dụng kết quả điện tử',
  CITIZEN_STORE: 'lấy từ kho dữ liệu của tổ chức, cá nhân',
  NATIONAL_STORE: 'lấy từ kho dữ liệu trên Cổng DVCQG',
  EXEMPT: 'không phải số hóa',
};

/**
 * What the receipt, the control slip and the register print about digitisation: each component
 * with how it came (or "chưa số hóa"), and a short line for the register's note column.
 */
export interface DigitisationNote {
  components: { name: string; label: string }[];
  /** `Số hóa 2/3; KQĐT`: components digitised or exempt of those counted, and an e-result. */
  summary: string;
}

export function digitisationNote(dossier: Dossier): DigitisationNote {
  const flags = digitisationOf(dossier);
  const handedIn = new Set(dossier.documents.map((doc) => doc.code));
  const counted = flags.components.filter((component) => handedIn.has(component.code) || component.provenance !== undefined);
  const done = counted.filter((component) => component.digitised || component.provenance === 'EXEMPT').length;
  return {
    components: counted.map((component) => ({
      name: component.name,
      label: component.provenance ? PROVENANCE_LABELS[component.provenance] : 'chưa số hóa',
    })),
    summary: `Số hóa ${done}/${counted.length}${flags.electronicResult ? '; KQĐT' : ''}`,
  };
}
