import type { RegisterRoutes } from '../app';
import { registerRoutes as online } from './online';
import { registerRoutes as sideDoor } from './side-door';
import { registerRoutes as sync } from './sync';

/**
 * Every route file of the emulator, one line each. A new capability (online filing, reconciliation)
 * is a new file in this folder exporting `registerRoutes(app)` and one line here.
 */
export const ROUTE_FILES: readonly RegisterRoutes[] = [sideDoor, sync, online];
