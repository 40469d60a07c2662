import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AgencyRepository } from '../store/agency-repository';
import { CalendarStore } from '../store/calendar-store';
import { CatalogRepository } from '../store/catalog-repository';
import { DossierRepository } from '../store/dossier-repository';
import { createCalendarService } from './calendar';
import { defaultIds, type Services } from './dossiers';

/** The repositories over one table, with the real clock and id source. */
export function createServices(db: DynamoDBDocumentClient, tableName: string, overrides: Partial<Services> = {}): Services {
  const now = overrides.now ?? (() => new Date());
  return {
    dossiers: new DossierRepository(db, tableName),
    agencies: new AgencyRepository(db, tableName),
    catalog: new CatalogRepository(db, tableName),
    calendar: createCalendarService(new CalendarStore(db, tableName), { now }),
    now,
    newId: defaultIds,
    ...overrides,
  };
}
