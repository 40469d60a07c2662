export { APOLOGY_TITLE, renderApology } from './apology';
export { COMPLETION_REQUEST_TITLE, renderCompletionRequest } from './completion-request';
export { CONTROL_SLIP_TITLE, renderControlSlip } from './control-slip';
export { escapeHtml } from './html';
export { CONTENT_SECURITY_POLICY, ONE_STOP_OFFICE, type PageHeader, SHEET_CLASS, type SheetSize } from './layout';
export { RECEIPT_TITLE, renderReceipt } from './receipt';
export { REFUSAL_TITLE, renderRefusal } from './refusal';
export { renderTrackingBook, TRACKING_BOOK_TITLE, type TrackingBookPage } from './tracking-book';
