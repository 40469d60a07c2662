import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type CfnTable, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ALL_INDEXES, KEY, TABLE } from '#store/table-design';
import type { ProvinceConfig } from './config';
import { allowKeyUse, provinceKey } from './encryption-keys';
import { acknowledgeNist, acknowledgePolicyNag } from './nag';

/**
 * CDK's encrypt/decrypt grant on a customer-managed key (a table's write grant, a queue's send
 * grant) names `kms:GenerateDataKey*` and `kms:ReEncrypt*`; the resource is that one key.
 */
export function acknowledgeKeyWildcards(fn: IFunction, key: string): void {
  for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
    acknowledgePolicyNag(
      fn,
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
    this.key = provinceKey(this, 'Key', config, 'the province table (dossiers, audit history, inboxes)', { services: ['dynamodb'] });
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
    acknowledgeNist(
      this.table,
      'DynamoDBInBackupPlan',
      "Province decision: point-in-time recovery (35 days) and deletion protection are on; an AWS Backup plan (how long dossier records are archived, vault lock, a copy in another region) follows the province's records-retention rules and is added with them",
    );
    for (const index of ALL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // projectionType defaults to ALL, which is what the design says.
      });
    }
  }

  /**
   * Item access for a function, on the table and its GSIs (`<table arn>/index/*`). `api` is the
   * GraphQL function's: read by key and index, put and update (also in transactions), no Scan, no
   * BatchWriteItem, and DeleteItem only on file uploads (API_DELETE_PARTITIONS).
   */
  grantData(fn: IFunction, access: 'read' | 'readWrite' | 'write' | 'api'): void {
    if (access === 'read') this.table.grantReadData(fn);
    else if (access === 'readWrite') this.table.grantReadWriteData(fn);
    else if (access === 'write') this.table.grantWriteData(fn);
    else this.grantApi(fn);
    const tableId = Stack.of(this).resolve((this.table.node.defaultChild as CfnTable).logicalId) as string;
    acknowledgePolicyNag(fn, `IAM5[Resource::<${tableId}.Arn>/index/*]`, "The wildcard covers this table's own GSIs only");
    if (access !== 'read') acknowledgeKeyWildcards(fn, "the table's own KMS key");
    allowKeyUse(this.key, fn.role, access === 'read' ? KEY_READ : KEY_READ_WRITE, 'dynamodb');
  }

  /**
   * Only the UpdateItem of items under the given partition key prefixes (e.g. `FAILURE#`): for a
   * function that marks records and reads nothing else (the admin redrive function).
   */
  grantUpdateOf(fn: IFunction, partitionPrefixes: string[]): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitionPrefixes.map((p) => `${p}*`) } },
      }),
    );
    this.key.grant(fn, ...KEY_READ_WRITE);
    acknowledgeKeyWildcards(fn, "the table's own KMS key");
    allowKeyUse(this.key, fn.role, KEY_READ_WRITE, 'dynamodb');
  }

  private grantApi(fn: IFunction): void {
    this.table.grant(fn, ...API_TABLE_ACTIONS);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': API_DELETE_PARTITIONS.map((p) => `${p}*`) } },
      }),
    );
    this.key.grant(fn, ...KEY_READ_WRITE);
  }
}

/** What the GraphQL function does with items: never Scan, never BatchWriteItem, DeleteItem apart. */
export const API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DescribeTable',
] as const;

/**
 * Partition key prefixes IAM conditions name (`dynamodb:LeadingKeys`); the keys themselves are
 * built in functions/store (table-design.ts `keys.upload`, failure-store.ts).
 */
export const PARTITIONS = { failure: 'FAILURE#', upload: 'UPLOAD#' } as const;

/**
 * The partitions whose items the GraphQL function may delete (DeleteItem, also inside a
 * transaction): a use case that deletes items of another partition adds its prefix here, and
 * test/infra/security-review.test.ts with it, so the widening is reviewed.
 */
export const API_DELETE_PARTITIONS: readonly string[] = [PARTITIONS.upload];

const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_READ_WRITE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
