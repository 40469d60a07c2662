import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `npm start`'s script the way a person does, with flags that must stop it before anything starts. */
function start(...flags: string[]) {
  return spawnSync('npx', ['tsx', 'local/start.ts', ...flags], { encoding: 'utf8', timeout: 60_000 });
}

describe('npm start flags', () => {
  it('rejects an unknown province with UNKNOWN_PROVINCE and exit code 2, starting nothing', () => {
    const result = start('--province', '99');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error UNKNOWN_PROVINCE');
    expect(result.stderr).toContain('"99"');
    expect(result.stdout).not.toContain('Starting');
  });

  it('rejects a province missing from the chosen unit list', () => {
    const result = start('--province', '06', '--units', '2025-07');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error UNKNOWN_PROVINCE');
    expect(result.stderr).toContain('2025-07');
  });

  it('rejects an unknown flag with BAD_FLAG and exit code 2', () => {
    const result = start('--provnice', '06');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error BAD_FLAG');
  });
});
