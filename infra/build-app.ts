import { App, type AppProps } from 'aws-cdk-lib';
import { readProvinceConfig } from './config';
import { EdgeWafStack } from './edge-waf';
import { enforceAwsSolutions } from './nag';
import { ProvinceStack } from './province-stack';

/**
 * Builds the CDK app for the province named in context. Separate from app.ts so tests build the
 * same app with their own context (and without bundling). cdk-nag's AwsSolutions pack runs on
 * every synth of it (infra/nag.ts): a new finding is an error annotation, and synth fails.
 */
export function buildApp(props: AppProps = {}): { app: App; stack: ProvinceStack; waf?: EdgeWafStack } {
  const app = new App(props);
  const config = readProvinceConfig((key) => app.node.tryGetContext(key));
  // Environment-agnostic on purpose (no `env`): the template names the region and account only as
  // AWS::Region / AWS::AccountId, so the same synth deploys wherever the deploying credentials
  // point, and a synth without credentials does not bake in the CLI's fallback region.
  const stack = new ProvinceStack(app, config.stackName, { config });
  // The WAF option's web ACL (CloudFront scope: us-east-1 only), deployed before the province stack names it.
  const waf = config.security.waf.enabled ? new EdgeWafStack(app, `${config.stackName}-Waf`, config) : undefined;
  enforceAwsSolutions(app);
  return { app, stack, ...(waf ? { waf } : {}) };
}
