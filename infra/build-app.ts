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
export interface BuildOptions {
  /**
   * Run cdk-nag's AwsSolutions pack in synthesis (default true; what `cdk synth` always gets).
   * Test synths turn it off: it adds some 11 s to a synth of Thanh Hóa (38), and nag.test.ts runs
   * the pack itself and checks that the enforcement stops synthesis.
   */
  nag?: boolean;
}

export function buildApp(props: AppProps = {}, options: BuildOptions = {}): { app: App; stack: ProvinceStack; waf?: EdgeWafStack } {
  const app = new App(props);
  const config = readProvinceConfig((key) => app.node.tryGetContext(key));
  // Environment-agnostic on purpose (no `env`): the template names the region and account only as
  // AWS::Region / AWS::AccountId, so the same synth deploys wherever the deploying credentials
  // point, and a synth without credentials does not bake in the CLI's fallback region.
  const stack = new ProvinceStack(app, config.stackName, { config });
  // The WAF option's web ACL (CloudFront scope: us-east-1 only), deployed before the province stack names it.
  const waf = config.security.waf.enabled ? new EdgeWafStack(app, `${config.stackName}-Waf`, config) : undefined;
  if (options.nag ?? true) enforceAwsSolutions(app);
  return { app, stack, ...(waf ? { waf } : {}) };
}
