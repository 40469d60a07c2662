import type { IncomingHttpHeaders } from 'node:http';
import type { PortalFaults } from './faults';
import type { PortalRecords } from './records';

/** A request as a route sees it: the JSON body already parsed (undefined when there was none). */
export interface EmulatorRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface EmulatorReply {
  status: number;
  body?: unknown;
}

export type RouteHandler = (request: EmulatorRequest) => EmulatorReply | Promise<EmulatorReply>;

/**
 * What a route file receives in `registerRoutes(app)`: add routes, and reach what the portal has
 * received so far. Paths take `:name` parameters (`/_emulator/dossiers/:code`). Routes outside
 * `/_emulator/` are the portal's own API: the faults set through `POST /_emulator/faults` apply to
 * them and the credentials are checked; `/_emulator/…` is the operators' and tests' side door.
 */
export interface EmulatorApp {
  get(path: string, handler: RouteHandler): void;
  post(path: string, handler: RouteHandler): void;
  /** What the portal holds: the latest state per MaHoSo (highest version wins) and every step. */
  readonly records: PortalRecords;
  readonly faults: PortalFaults;
}

/** One file under routes/ exports one of these; routes/index.ts lists them. */
export type RegisterRoutes = (app: EmulatorApp) => void;

export const SIDE_DOOR_PREFIX = '/_emulator/';
