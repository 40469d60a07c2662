import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { ProvinceConfigError, readProvinceConfig } from '../../infra/config';
import { repoPath } from '../../infra/paths';
import { testAppProps } from './synth';

const contextOf = (values: Record<string, unknown>) => (key: string) => values[key];

function configError(build: () => unknown): ProvinceConfigError {
  try {
    build();
  } catch (error) {
    if (error instanceof ProvinceConfigError) return error;
    throw error;
  }
  throw new Error('expected a ProvinceConfigError');
}

describe('province configuration', () => {
  it('derives names from the province and stage', () => {
    const config = readProvinceConfig(contextOf({ province: '06', units: '2025-03' }));
    expect(config).toMatchObject({
      provinceCode: '06',
      stage: 'prod',
      unitsEdition: '2025-03',
      stackName: 'LienThong-P06',
      queueNamePrefix: 'lienthong-06-prod-',
    });
    expect(config.agencies).toHaveLength(117);
    expect(readProvinceConfig(contextOf({ province: '06', units: '2025-03', stage: 'uat' })).stackName).toBe('LienThong-P06-uat');
  });

  it('fails an unknown province with UNKNOWN_PROVINCE', () => {
    const error = configError(() => buildApp(testAppProps({ province: '99' })));
    expect(error.code).toBe('UNKNOWN_PROVINCE');
    expect(error.message).toMatch(/^UNKNOWN_PROVINCE: province "99" is not in the 2025-03 unit list/);
  });

  it('checks the province against the chosen unit list edition', () => {
    // Bắc Kạn (06) was merged into Thái Nguyên on 01/07/2025.
    expect(configError(() => readProvinceConfig(contextOf({ province: '06', units: '2025-07' }))).code).toBe('UNKNOWN_PROVINCE');
    expect(readProvinceConfig(contextOf({ province: '79', units: '2025-07' })).agencies.length).toBeGreaterThan(100);
  });

  it.each([
    [{}, 'MISSING_CONTEXT'],
    [{ province: '06', units: '2024-01' }, 'UNKNOWN_UNITS_EDITION'],
    [{ province: '19', stage: 'Prod_1' }, 'INVALID_STAGE'],
    [{ province: '19', jwtIssuer: 'https://id.example.vn' }, 'INVALID_JWT_CONFIG'],
  ])('rejects %j with %s', (context, code) => {
    expect(configError(() => readProvinceConfig(contextOf(context))).code).toBe(code);
  });

  it('makes `cdk synth` exit 1 with the message, not a stack trace', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'lienthong-cdk-'));
    try {
      const run = spawnSync(process.execPath, [repoPath('node_modules', 'tsx', 'dist', 'cli.mjs'), repoPath('infra', 'app.ts')], {
        env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ province: '99' }) },
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('UNKNOWN_PROVINCE');
      expect(run.stderr).not.toContain('    at ');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
