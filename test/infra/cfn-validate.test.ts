import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { CDK_JSON_CONTEXT, testAppProps } from './synth';

describe('CloudFormation validation built into CDK', () => {
  it('is set to fail the synth on findings (cdk.json)', () => {
    expect(CDK_JSON_CONTEXT['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  });

  it('finds nothing in the largest province’s templates, root and nested', () => {
    const { app } = buildApp(testAppProps({ province: '38' }, true), { nag: false });
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });

  it('finds nothing in the external subscribers’ roles and outputs either', () => {
    const { app } = buildApp(testAppProps({ province: '06', externalAgencies: '06.063,06.063.02014' }, true), { nag: false });
    const report = JSON.parse(readFileSync(join(app.synth().directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });
});
