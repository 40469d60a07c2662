import type { AgencyLevel } from '#domain/agencies';
import type { Provenance } from '#domain/documents';
import type { AgencyRef, Channel, DossierStatus } from '#domain/dossier';
import type { EventHeader } from '#domain/events';
import { type Caller, submit } from '#domain/lifecycle';
import type { StatsEvent } from '#domain/quality';
import { STARTER_CATALOG } from '#seed/starter-catalog';

/**
 * Dossier histories written by hand for the statistics tests: each method appends the event the
 * lifecycle would store (same type, status after and fields), at a Vietnamese wall-clock time.
 */
const commune: AgencyRef = { code: '06.063.02014', identifier: '06.063.02014', level: 'COMMUNE' };
const reception: Caller = { officerId: 'u1', name: 'Cán bộ một cửa', agencyCode: commune.code, roles: ['RECEPTION_OFFICER'] };
const certification = STARTER_CATALOG.find((procedure) => procedure.code === '2.000815');
if (!certification) throw new Error('2.000815 is missing from the starter catalog');
/** A real submission's initial dossier, re-labelled per story. */
const template = submit({
  id: 'template',
  now: new Date('2026-01-05T02:00:00Z'),
  caller: reception,
  receivingAgency: commune,
  subjectChain: [commune],
  procedure: certification,
  applicant: { kind: 'CITIZEN', fullName: 'Nguyễn Văn A', address: { communeAgencyCode: commune.code } },
  documents: certification.documents.filter((doc) => doc.required).map((doc) => ({ code: doc.code, copies: 1 })),
  channel: 'DIRECT',
}).event;
if (template.type !== 'SUBMITTED') throw new Error('submit gave no SUBMITTED event');

/** `2026-01-05 09:00` (Vietnam) → ISO instant. */
export const vn = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();

export interface StoryScope {
  agency: string;
  procedure: string;
  level?: AgencyLevel;
  channel?: Channel;
}

export class Story {
  readonly events: StatsEvent[] = [];
  constructor(
    readonly id: string,
    private readonly scope: StoryScope,
  ) {}

  private header(at: string, statusAfter: DossierStatus): EventHeader {
    return {
      dossierId: this.id,
      version: this.events.length + 1,
      at: vn(at),
      actor: { officerId: 'u1', agencyCode: this.scope.agency, role: 'RECEPTION_OFFICER' },
      statusAfter,
    };
  }

  private push(event: StatsEvent): this {
    this.events.push(event);
    return this;
  }

  submitted(at: string): this {
    const initial = {
      ...(template as Extract<StatsEvent, { type: 'SUBMITTED' }>).initial,
      id: this.id,
      procedureCode: this.scope.procedure,
      competentAgency: this.scope.agency,
      channel: this.scope.channel ?? 'DIRECT',
    };
    initial.terms = { ...initial.terms, code: this.scope.procedure, level: this.scope.level ?? 'COMMUNE' };
    return this.push({ ...this.header(at, 'SUBMITTED'), type: 'SUBMITTED', initial });
  }
  /** Submitted and accepted at `at`, due at `due`. */
  received(at: string, due: string): this {
    this.submitted(at);
    return this.push({ ...this.header(at, 'RECEIVED'), type: 'ACCEPTED', code: `C-${this.id}`, dueAt: vn(due) });
  }
  refused(at: string): this {
    return this.push({ ...this.header(at, 'NOT_RECEIVED'), type: 'REFUSED', reason: 'Không thuộc thẩm quyền' });
  }
  supplementRequested(at: string): this {
    return this.push({ ...this.header(at, 'SUPPLEMENT_REQUESTED'), type: 'SUPPLEMENT_REQUESTED', items: [], reason: 'Thiếu giấy tờ' });
  }
  supplementReceived(at: string, due: string): this {
    return this.push({ ...this.header(at, 'IN_PROCESSING'), type: 'SUPPLEMENT_RECEIVED', documents: [], dueAt: vn(due) });
  }
  apologized(at: string, revisedDue: string): this {
    return this.push({ ...this.header(at, 'IN_PROCESSING'), type: 'APOLOGIZED', reason: 'Cần xác minh', revisedDueAt: vn(revisedDue) });
  }
  issued(at: string): this {
    return this.push({ ...this.header(at, 'RESOLVED'), type: 'ISSUED', decision: 'APPROVED' });
  }
  returned(at: string): this {
    return this.push({ ...this.header(at, 'RETURNED'), type: 'RESULT_RETURNED', deliveryMode: 'COUNTER' });
  }
  withdrawn(at: string): this {
    return this.push({ ...this.header(at, 'WITHDRAWN'), type: 'WITHDRAWN', reason: 'Công dân rút' });
  }
  stopped(at: string): this {
    return this.push({ ...this.header(at, 'STOPPED'), type: 'STOPPED', reason: 'Dừng theo đề nghị' });
  }
  rated(at: string, level: 'VERY_SATISFIED' | 'SATISFIED' | 'DISSATISFIED'): this {
    return this.push({ ...this.header(at, 'RETURNED'), type: 'RATED', level, channel: 'COUNTER' });
  }
  feesAssessed(at: string, amount: number): this {
    return this.push({
      ...this.header(at, 'IN_PROCESSING'),
      type: 'FEES_ASSESSED',
      fees: [{ code: 'LEPHI', name: 'Lệ phí', amount, kind: 'CHARGE' }],
    });
  }
  feePaid(at: string, paidVia: 'PORTAL' | 'COUNTER'): this {
    return this.push({ ...this.header(at, 'IN_PROCESSING'), type: 'FEE_PAID', code: 'LEPHI', paidVia, paidAt: at });
  }
  documentAttached(at: string, provenance: Provenance): this {
    const documentId = `doc-${this.events.length + 1}`;
    return this.push({ ...this.header(at, 'IN_PROCESSING'), type: 'DOCUMENT_ATTACHED', componentCode: 'TP1', documentId, provenance });
  }
  resultDocument(at: string): this {
    return this.push({
      ...this.header(at, 'RESOLVED'),
      type: 'RESULT_DOCUMENT_ATTACHED',
      documentId: `result-${this.events.length + 1}`,
      number: '12/QĐ-UBND',
      issuedOn: at.slice(0, 10),
      signer: 'Chủ tịch UBND',
      file: { key: 'dossiers/d/result', size: 1024, contentType: 'application/pdf', sha256: 'AAAA' },
    });
  }
}
