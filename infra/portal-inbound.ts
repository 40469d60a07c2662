import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import type { HashKeys } from './hash-keys';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';

export interface PortalInboundProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  /** The portal's endpoint and credentials: the sync's secret (infra/portal-sync.ts), one for both directions. */
  secret: Secret;
  hashKeys: HashKeys;
}

/** How often dossiers filed online are pulled: a citizen sees the one-stop take the filing within minutes. */
export const INTAKE_EVERY = Duration.minutes(2);

/**
 * The inbound half of the national portal integration (issue 10): a scheduled pull of what was
 * filed, answered or paid online (pull, not push: the province calls out over its own path to the
 * portal and exposes no endpoint), and the daily reconciliation with what the portal holds, run at
 * 03:30 Vietnam time for the day before. Both read the portal's endpoint from the sync's secret.
 */
export class PortalInbound extends Construct {
  readonly intake: ProvinceFunction;
  readonly reconcile: ProvinceFunction;

  constructor(scope: Construct, id: string, { config, data, secret, hashKeys }: PortalInboundProps) {
    super(scope, id);
    const environment = { PORTAL_SECRET_ARN: secret.secretArn };
    this.intake = new ProvinceFunction(this, 'IntakeFunction', {
      handler: 'portal-intake',
      config,
      tableName: data.table.tableName,
      description: 'Pulls dossiers filed online (and answers, payments) from the national public service portal',
      memorySize: 256,
      // Within the schedule's period, so two pulls never overlap for long; the handler stops at 45 s.
      timeout: Duration.seconds(90),
      environment,
      reservedConcurrency: config.security.concurrency.portalIntake,
      invokedBy: 'schedule',
    });
    this.reconcile = new ProvinceFunction(this, 'ReconcileFunction', {
      handler: 'reconcile',
      config,
      tableName: data.table.tableName,
      description: "Reconciles yesterday's dossiers of every reception point with the national public service portal",
      memorySize: 256,
      timeout: Duration.minutes(10),
      environment,
      reservedConcurrency: config.security.concurrency.reconcile,
      invokedBy: 'schedule',
    });
    data.grantData(this.intake, 'readWrite');
    data.grantData(this.reconcile, 'readWrite');
    for (const fn of [this.intake, this.reconcile]) secret.grantRead(fn);
    // A filing's applicant ID number is indexed by its keyed hash, as at the counter.
    hashKeys.grantTo(this.intake, ['PERSONAL_DATA_KEY']);

    new Rule(this, 'IntakeSchedule', {
      description: 'Pull dossiers filed online on the national portal',
      schedule: Schedule.rate(INTAKE_EVERY),
      // A missed pull is made good by the next one: the portal keeps items until acknowledged.
      targets: [new LambdaTarget(this.intake, { retryAttempts: 0 })],
    });
    new Rule(this, 'ReconcileSchedule', {
      description: 'Daily reconciliation with the national portal (03:30 Vietnam time)',
      schedule: Schedule.cron({ minute: '30', hour: '20' }),
      targets: [new LambdaTarget(this.reconcile, { retryAttempts: 2 })],
    });
  }
}
