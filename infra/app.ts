#!/usr/bin/env -S npx tsx
/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). One province per synth:
 *   npx cdk synth -c province=06 [-c units=2025-07] [-c stage=prod]
 */
import { buildApp } from './build-app';
import { ProvinceConfigError } from './config';

try {
  buildApp().app.synth();
} catch (error) {
  if (!(error instanceof ProvinceConfigError)) throw error;
  // A configuration mistake is the operator's to fix: print the message, not a stack trace.
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
