import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
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

  it('refuses a port in use with PORT_TAKEN and exit code 2 before starting anything, naming the flag to use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = start('--port', String(port), '--ephemeral');

      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`error PORT_TAKEN: port ${port} is in use`);
      expect(result.stderr).toContain('--port 0');
      expect(result.stdout).not.toContain('Starting');
    } finally {
      taken.close();
    }
  });
});
