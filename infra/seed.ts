import { Duration } from 'aws-cdk-lib';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';

export interface SeedProps {
  config: ProvinceConfig;
  data: ProvinceTable;
}

/**
 * Writes the province's agencies and starter catalog into the table after each deployment that
 * changes them. The unit lists and the catalog are bundled into the seed function, so a changed
 * list changes the function's code, hence its `currentVersion`, and the Trigger (which follows
 * `currentVersion`) runs again; a changed `-c units=` edition does the same through the
 * environment. Seeding is idempotent, so a re-run is harmless.
 */
export class Seed extends Construct {
  readonly function: ProvinceFunction;

  constructor(scope: Construct, id: string, { config, data }: SeedProps) {
    super(scope, id);
    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'seed',
      config,
      tableName: data.table.tableName,
      description: "Seeds the province's agencies and catalog",
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { UNITS_EDITION: config.unitsEdition },
    });
    data.grantData(this.function, 'write');
    new Trigger(this, 'Trigger', {
      handler: this.function,
      executeOnHandlerChange: true,
      executeAfter: [data],
      // The Trigger waits for the function; a failed seed fails (and rolls back) the deployment.
      timeout: Duration.minutes(5),
    });
  }
}
