import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { DossierFiles } from './dossier-files';
import { EdgeDistribution } from './edge-waf';
import { provinceKey } from './encryption-keys';
import { GraphqlApi } from './graphql-api';
import { HashKeys } from './hash-keys';
import { ProvinceHttpApi } from './http-api';
import { OfficerIdentity } from './identity';
import { PortalInbound } from './portal-inbound';
import { PortalSync } from './portal-sync';
import { PrintForms } from './print-forms';
import { Projector } from './projector';
import { ProvinceTable } from './province-table';
import { SUBSCRIBER_ROLE_PATH, subscriberRoleName } from './queue-access';
import { Relay } from './relay';
import { Seed } from './seed';
import { TransferConsumer } from './transfer-consumer';

export interface ProvinceStackProps extends StackProps {
  config: ProvinceConfig;
}

/**
 * One province's deployment: table, HTTP API (GraphQL, printable forms) behind a JWT authorizer,
 * outbox relay, agency queues and their consumer, seed.
 */
export class ProvinceStack extends Stack {
  constructor(scope: Construct, id: string, { config, ...props }: ProvinceStackProps) {
    super(scope, id, {
      description: `Liên Thông one-stop platform, province ${config.provinceCode} (${config.provinceName}), ${config.stage}`,
      ...props,
    });
    Tags.of(this).add('lienthong:province', config.provinceCode);
    Tags.of(this).add('lienthong:stage', config.stage);

    const data = new ProvinceTable(this, 'Data', config);
    // One key for every agency queue and DLQ and the relay's failure queue: a key per queue would
    // add over a thousand resources in a large province, and a grant per queue would overflow
    // the role policies.
    const queueKey = provinceKey(this, 'QueueKey', config, 'agency transfer queues and their dead-letter queues', { services: ['sqs'] });
    const hashKeys = new HashKeys(this, 'HashKeys', config);
    const identity = new OfficerIdentity(this, 'Identity', config);
    const api = new ProvinceHttpApi(this, 'Api', { config, trust: identity.trust });
    const graphql = new GraphqlApi(this, 'Graphql', { config, data, api, queueKey });
    const forms = new PrintForms(this, 'Print', { config, data, api });
    // Who computes keyed hashes: GraphQL (lookup, citizen search, dossier writes), print (the
    // receipt's lookup secret), the transfer consumer (dossier writes). Relay and seed do not.
    const relay = new Relay(this, 'Relay', { config, data, queueKey });
    // The stream's second (and last) reader: the statistics read model (issue 12).
    new Projector(this, 'Projector', { config, data, queueKey });
    // Every dossier event, from the relay, to the national portal (DVCQG).
    const portalSync = new PortalSync(this, 'PortalSync', { config, data, queueKey, relay: relay.function, secretKey: hashKeys.key });
    // Dossiers filed online, pulled from the portal; the daily reconciliation with it.
    new PortalInbound(this, 'PortalInbound', { config, data, secret: portalSync.secret, hashKeys });
    const transfers = new TransferConsumer(this, 'Transfers', { config, data, queueKey });
    hashKeys.grantTo(graphql.function, ['LOOKUP_SECRET_KEY', 'PERSONAL_DATA_KEY']);
    hashKeys.grantTo(forms.function, ['LOOKUP_SECRET_KEY']);
    hashKeys.grantTo(transfers.function, ['LOOKUP_SECRET_KEY', 'PERSONAL_DATA_KEY']);
    new Seed(this, 'Seed', { config, data });
    // Dossier files (issue 11): the bucket, GraphQL's access to it, and the hourly upload sweeper.
    const files = new DossierFiles(this, 'Files', { config, data });
    for (const [name, value] of Object.entries(files.environment(config))) graphql.function.addEnvironment(name, value);
    files.grantFiles(graphql.function, config, 'Graphql');

    if (config.security.waf.webAclArn) {
      const edge = new EdgeDistribution(this, 'Edge', { api, webAclArn: config.security.waf.webAclArn });
      new CfnOutput(this, 'EdgeUrl', {
        value: `https://${edge.distribution.distributionDomainName}`,
        description: 'The API behind AWS WAF: publish this address (paths as on the API)',
      });
    }

    new CfnOutput(this, 'GraphqlUrl', { value: graphql.url });
    new CfnOutput(this, 'PublicGraphqlUrl', { value: graphql.publicUrl });
    new CfnOutput(this, 'FormsUrl', { value: forms.url });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'FilesBucket', { value: files.bucket.bucketName });
    new CfnOutput(this, 'QueueNamePrefix', { value: config.queueNamePrefix });
    new CfnOutput(this, 'JwtIssuer', { value: identity.trust.issuer });
    if (config.externalSubscribers.agencies.length > 0) {
      // One output per role would not fit the root's 200 outputs for a large province: each role's
      // ARN is an output of its nested stack, and this pattern names them all.
      new CfnOutput(this, 'SubscriberRoleArnPattern', {
        value: this.formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: `${SUBSCRIBER_ROLE_PATH.slice(1)}${subscriberRoleName(config.queueNamePrefix, '<agency code, dots as dashes>')}`,
        }),
        description: `${config.externalSubscribers.agencies.length} external subscriber role(s); each ARN is also an output of its AgencyQueuesNN nested stack`,
      });
    }
    if (identity.userPool && identity.client) {
      new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: identity.client.userPoolClientId });
    }
  }
}
