import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type CfnTable, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ALL_INDEXES, KEY, TABLE } from '#store/table-design';
import type { ProvinceConfig } from './config';
import { provinceKey } from './encryption-keys';
import { acknowledgeNag } from './nag';

/**
 * CDK's encrypt/decrypt grant on a customer-managed key (a table's write grant, a queue's send
 * grant) names `kms:GenerateDataKey*` and `kms:ReEncrypt*`; the resource is that one key.
 */
export function acknowledgeKeyWildcards(fn: IFunction, key: string): void {
  for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
    acknowledgeNag(
      fn.role ?? fn,
      `IAM5[Action::${action}]`,
      `CDK's standard encrypt/decrypt grant for ${key}: the action wildcard covers that one key's data-key and re-encrypt variants only`,
    );
  }
}

/**
 * The province's single table, built from `functions/store/table-design.ts` (the same description
 * the local platform uses, so keys and indexes cannot drift).
 *
 * `Table` (AWS::DynamoDB::Table) rather than `TableV2` (AWS::DynamoDB::GlobalTable): a province's
 * records stay in one region by design (no replicas planned), and the classic resource is what
 * DynamoDB Local, the stream event source and cdk-nag's DynamoDB rules all model directly. TableV2's
 * selling point, adding replicas without replacing the table, buys nothing here; switching later
 * is a documented import, not a rebuild.
 *
 * The table holds the legal record of dossiers: deletion protection on, RETAIN on stack removal,
 * and point-in-time recovery (35 days) for operator mistakes. Encrypted with the province's own
 * KMS key (rotated yearly, retained): the table's grants (grantData, the stream read) include
 * the key, so a function that may read items may decrypt them and nothing else may.
 */
export class ProvinceTable extends Construct {
  readonly table: Table;
  readonly key: Key;

  constructor(scope: Construct, id: string, config: ProvinceConfig) {
    super(scope, id);
    this.key = provinceKey(this, 'Key', config, 'the province table (dossiers, audit history, inboxes)');
    this.table = new Table(this, 'Table', {
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      partitionKey: { name: KEY.partition, type: AttributeType.STRING },
      sortKey: { name: KEY.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: StreamViewType[TABLE.streamView],
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of ALL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // projectionType defaults to ALL, which is what the design says.
      });
    }
  }

  /** Item access for a function, on the table and its GSIs (`<table arn>/index/*`). */
  grantData(fn: IFunction, access: 'read' | 'readWrite' | 'write'): void {
    if (access === 'read') this.table.grantReadData(fn);
    else if (access === 'readWrite') this.table.grantReadWriteData(fn);
    else this.table.grantWriteData(fn);
    const tableId = Stack.of(this).resolve((this.table.node.defaultChild as CfnTable).logicalId) as string;
    acknowledgeNag(fn.role ?? fn, `IAM5[Resource::<${tableId}.Arn>/index/*]`, "The wildcard covers this table's own GSIs only");
    if (access !== 'read') acknowledgeKeyWildcards(fn, "the table's own KMS key");
  }
}
