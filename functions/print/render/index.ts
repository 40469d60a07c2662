export { renderApology, APOLOGY_TITLE } from './apology';
export { renderCompletionRequest, COMPLETION_REQUEST_TITLE } from './completion-request';
export { renderControlSlip, CONTROL_SLIP_TITLE } from './control-slip';
export { escapeHtml } from './html';
export { CONTENT_SECURITY_POLICY, ONE_STOP_OFFICE, type PageHeader, SHEET_CLASS, type SheetSize } from './layout';
export { renderReceipt, RECEIPT_TITLE } from './receipt';
export { renderRefusal, REFUSAL_TITLE } from './refusal';
export { renderTrackingBook, TRACKING_BOOK_TITLE, type TrackingBookPage } from './tracking-book';
