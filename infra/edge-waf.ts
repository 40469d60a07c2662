import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import { logKey } from './encryption-keys';
import type { ProvinceHttpApi } from './http-api';
import { acknowledgeNag } from './nag';

/**
 * AWS WAF in front of the province's API, a stack option (`waf.enabled` in
 * infra/provinces/<NN>.json or `-c waf=on`; off by default).
 *
 * API Gateway HTTP APIs cannot be associated with a WAF web ACL (only REST APIs, ALBs, AppSync,
 * Cognito and CloudFront can), so the ACL protects a CloudFront distribution in front of the API.
 * A CloudFront ACL must live in us-east-1, while the province stack is region-agnostic and
 * deployed elsewhere, so it is its own stack of the same app (`<stack>-Waf`, us-east-1):
 *   1. `cdk deploy LienThong-P06-Waf` — outputs WebAclArn;
 *   2. put it in infra/provinces/06.json as `waf.webAclArn` and deploy the province stack: it adds
 *      the distribution with that ACL and outputs EdgeUrl, the address to publish.
 * The API's own execute-api address stays reachable until the province gives the API a custom
 * domain and turns that address off (README: "What a province decides").
 */
export const WAF_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

export class EdgeWafStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, config: ProvinceConfig, props: StackProps = {}) {
    super(scope, id, {
      description: `Liên Thông WAF web ACL for province ${config.provinceCode} (${config.stage}), CloudFront scope`,
      ...props,
      env: { region: 'us-east-1', ...(props.env?.account ? { account: props.env.account } : {}) },
    });
    const name = `lienthong-${config.provinceCode}-${config.stage}`;
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rules: [
        {
          // One client flooding the public lookup or the API: blocked for the rest of the window.
          name: 'RatePerClientIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: config.security.waf.rateLimitPer5Minutes, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility(`${name}-rate`),
        },
        ...WAF_MANAGED_RULE_GROUPS.map((group, index) => ({
          name: group,
          priority: index + 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
          visibilityConfig: visibility(`${name}-${group}`),
        })),
      ],
    });
    // WAF logs only to groups named aws-waf-logs-*; encrypted and kept like every other log here.
    const logs = new LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${name}`,
      retention: config.security.logRetentionDays,
      encryptionKey: logKey(this, config),
    });
    new CfnLoggingConfiguration(this, 'WafLogging', { resourceArn: this.webAcl.attrArn, logDestinationConfigs: [logs.logGroupArn] });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn, description: 'waf.webAclArn of infra/provinces/<NN>.json' });
  }
}

/**
 * The CloudFront distribution in front of the HTTP API, with the province's WAF web ACL: no
 * caching (every request reaches the API), every method, every header but Host forwarded (the
 * JWT authorizer reads Authorization), HTTPS only on both sides.
 */
export class EdgeDistribution extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, { api, webAclArn }: { api: ProvinceHttpApi; webAclArn: string }) {
    super(scope, id);
    const apiDomain = Fn.select(2, Fn.split('/', api.api.apiEndpoint));
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Liên Thông API behind AWS WAF',
      webAclId: webAclArn,
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    acknowledgeNag(
      this.distribution,
      'CFR1',
      'Province decision: whether to refuse requests from outside Viet Nam (citizens abroad look up their dossiers too); the WAF rate rule and managed rules apply to all',
    );
    acknowledgeNag(
      this.distribution,
      'CFR3',
      'Every request is logged by WAF (aws-waf-logs-*) and by the API stage access logs; CloudFront standard logs would need an S3 bucket of their own for the same lines',
    );
    acknowledgeNag(
      this.distribution,
      'CFR4',
      "Province decision: the default *.cloudfront.net certificate cannot pin a minimum TLS version; the province's own domain and certificate (TLSv1.2_2021) can",
    );
  }
}
