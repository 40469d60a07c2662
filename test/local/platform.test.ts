import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` as a person uses it: wait for the banner, call the API with a printed demo token,
 * press Ctrl-C (SIGINT to the whole process group, as a terminal sends it).
 */
describe('npm start', () => {
  // A whole platform start: seconds alone, much longer on a machine busy with other test runs.
  it('serves GraphQL with the printed demo tokens and stops everything on Ctrl-C', { timeout: 150_000 }, async () => {
    // Node with tsx's loader, not the tsx CLI: the CLI's own signal relay SIGKILLs a child that
    // takes over 60 ms to acknowledge a signal, which a machine busy with other runs can cause.
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--port', '0', '--ephemeral'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = once(child, 'exit');
    try {
      await waitFor(() => output.includes('Ctrl-C stops everything.') || child.exitCode !== null, 120_000);
      // The law in force by default: two-tier Thái Nguyên, where Dương Phong is now part of Xã Bạch Thông.
      expect(output).toContain('19 Tỉnh Thái Nguyên, unit list 2025-07');
      const url = field(output, /GraphQL\s+(\S+)/);
      const dynamoEndpoint = field(output, /DynamoDB\s+(\S+)/);
      const token = field(output, /RECEPTION_OFFICER\s+19\.02014 UBND Xã Bạch Thông .*\s(\S+)$/m);

      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { name agency { code } } }' }),
      });
      expect(await response.json()).toEqual({ data: { me: { name: 'Nguyễn Thị Lan', agency: { code: '19.02014' } } } });
      const register = await fetch(new URL('/forms/06?from=2026-11-01&to=2026-12-01', url), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(register.status).toBe(200);
      expect(await register.text()).toContain('<html');

      process.kill(-(child.pid as number), 'SIGINT');
      const [code] = await exited;
      expect(code).toBe(0);
      await expect(fetch(url)).rejects.toThrow();
      await expect(fetch(dynamoEndpoint)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    }
  });
});

function field(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`${pattern} not found in:\n${text}`);
  return match[1];
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
