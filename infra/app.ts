#!/usr/bin/env -S npx tsx
/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). One province per synth:
 *   npx cdk synth -c province=06 [-c units=2025-07] [-c stage=prod]
 */
import { buildApp } from './build-app';
import { ProvinceConfigError } from './config';

try {
  const assembly = buildApp().app.synth();
  // The CDK CLI refuses an assembly with error annotations (cdk-nag findings among them); say so
  // here too, so running this file directly (or another tool reading cdk.out) cannot miss them.
  const errors = assembly.stacksRecursively.flatMap((stack) => stack.messages.filter((m) => m.level === 'error'));
  if (errors.length > 0) {
    for (const error of errors) console.error(`[error at ${error.id}] ${String(error.entry.data)}`);
    console.error(`\n${errors.length} error(s) at synthesis: see infra/nag.ts for cdk-nag findings\n`);
    process.exit(1);
  }
} catch (error) {
  if (!(error instanceof ProvinceConfigError)) throw error;
  // A configuration mistake is the operator's to fix: print the message, not a stack trace.
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
