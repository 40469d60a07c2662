import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { fixed, printTable } from './format';
import { median } from './stats';

/**
 * Cold init of each built function in a fresh `node` (Node 22), over a bare `node -e` start and
 * beside the baseline, interleaved round-robin (one discarded warm-up round; each round starts one
 * job later, so no variant always runs first). Wall time is what Lambda's init would see; the CPU
 * time each child reports for itself is less disturbed by other work on the machine.
 *
 * GraphQL is measured twice (import; import + one `{ __typename }` request, as the baseline is);
 * the other functions by import only: their first event needs a real queue, stream or table, and
 * import is where their bundles differ. Two cores cannot run children side by side without each
 * disturbing the other's timing, so runs are sequential: ~7 s a round with every function.
 */

export interface InitTarget {
  name: string;
  file: string;
  firstRequest: boolean;
  /** The deployed function's environment (bench/deployed-env.ts). */
  environment: Record<string, string>;
}

export interface InitOptions {
  runs: number;
  nodeBinary: string;
  baseline: string;
  functions: InitTarget[];
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface ColdInit {
  name: string;
  kind: 'import' | 'first request';
  /** Wall time minus the bare node's median, ms. */
  wall: Spread;
  /** CPU time (user + system) the child reports, minus the bare node's median, ms. */
  cpu: Spread;
  /** This median ÷ the baseline's median of the same kind (wall). */
  ratio: number;
  cpuRatio: number;
}

/**
 * Every child ends by printing its CPU time (user + system, µs) and the ms since its own start
 * (performance.now(): from process start, Node's bootstrap included), then exits at once: what is
 * left in its event loop (the calendar read started at init, with no network here, retrying) is
 * not init, and Lambda does not wait for it either.
 */
const PRINT_AND_EXIT =
  "{ const u = process.cpuUsage(); process.stdout.write('\\nCPU ' + (u.user + u.system) + '\\nWALL ' + performance.now() + '\\n'); process.exit(0); }";

/** `{ __typename }` through the handler, as API Gateway's HTTP API delivers it (no database reached). */
const FIRST_REQUEST_SCRIPT = `
const { handler } = await import(process.argv[1]);
const event = {
  version: '2.0', routeKey: 'POST /graphql', rawPath: '/graphql', rawQueryString: '',
  headers: { 'content-type': 'application/json' }, isBase64Encoded: false,
  body: JSON.stringify({ query: '{ __typename }' }),
  requestContext: { accountId: 'bench', apiId: 'bench', domainName: 'localhost', domainPrefix: 'localhost',
    http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'cold', routeKey: 'POST /graphql', stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now() },
};
const result = await handler(event, { awsRequestId: 'cold', functionName: 'graphql', getRemainingTimeInMillis: () => 30000 });
if (result.statusCode !== 200 || !String(result.body).includes('"Query"')) {
  console.error('unexpected response', result.statusCode, result.body);
  process.exit(3);
}
${PRINT_AND_EXIT}
`;

const IMPORT_SCRIPT = `await import(process.argv[1]); ${PRINT_AND_EXIT}`;

interface Job {
  name: string;
  kind: ColdInit['kind'] | 'bare';
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** What every Lambda has besides the function's own variables (no network is reached). */
const LAMBDA_RUNTIME_ENV = {
  AWS_REGION: 'ap-southeast-1',
  AWS_DEFAULT_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  TZ: 'UTC',
};

/**
 * Deployed, the hash keys come from Secrets Manager on first use (functions/store/keys-config.ts);
 * the bench has no Secrets Manager, so the values stand in beside the *_ARN variables, and the read
 * itself (a network round trip on the first request that needs a key) is not measured.
 */
const KEY_STAND_INS = { LOOKUP_SECRET_KEY: 'bench-cold-init-key', PERSONAL_DATA_KEY: 'bench-cold-init-key' };

function clean(extra: Record<string, string>): NodeJS.ProcessEnv {
  // No NODE_EXTRA_CA_CERTS (+~50 ms a start here), no tsx loader: only what a Lambda would have.
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...extra };
}

/**
 * A stand-in DynamoDB endpoint, in a process of its own (the measuring loop blocks in spawnSync):
 * it answers every request with an empty page, so the GraphQL function's first request pays one
 * local round trip for its calendar read, as it pays one to DynamoDB when deployed, instead of the
 * SDK's retries against an address that does not resolve.
 */
const EMPTY_DYNAMODB = `
const server = require('node:http').createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ Items: [], Count: 0, ScannedCount: 0, Responses: {}, UnprocessedKeys: {} }));
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

export async function withEmptyDynamoDb<T>(nodeBinary: string, run: (endpoint: string) => T): Promise<T> {
  const server = spawn(nodeBinary, ['-e', EMPTY_DYNAMODB], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '' } });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      server.stdout.once('data', (data: Buffer) => resolve(data.toString().trim()));
      server.once('exit', (code) => reject(new Error(`the stand-in DynamoDB endpoint exited with ${code}`)));
    });
    return run(`http://127.0.0.1:${port}`);
  } finally {
    server.kill();
  }
}

export function measureColdInit(options: InitOptions & { dynamodbEndpoint: string }): ColdInit[] {
  const url = (file: string) => pathToFileURL(file).href;
  const baselineEnv = clean(LAMBDA_RUNTIME_ENV);
  const jobs: Job[] = [
    { name: 'bare', kind: 'bare', args: ['-e', PRINT_AND_EXIT], env: baselineEnv },
    { name: 'baseline', kind: 'import', args: ['--input-type=module', '-e', IMPORT_SCRIPT, url(options.baseline)], env: baselineEnv },
    {
      name: 'baseline',
      kind: 'first request',
      args: ['--input-type=module', '-e', FIRST_REQUEST_SCRIPT, url(options.baseline)],
      env: baselineEnv,
    },
  ];
  for (const target of options.functions) {
    const env = clean({
      ...LAMBDA_RUNTIME_ENV,
      ...KEY_STAND_INS,
      ...target.environment,
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
    });
    jobs.push({ name: target.name, kind: 'import', args: ['--input-type=module', '-e', IMPORT_SCRIPT, url(target.file)], env });
    if (target.firstRequest) {
      jobs.push({
        name: target.name,
        kind: 'first request',
        args: ['--input-type=module', '-e', FIRST_REQUEST_SCRIPT, url(target.file)],
        env,
      });
    }
  }
  const wall = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (let round = 0; round <= options.runs; round += 1) {
    for (let index = 0; index < jobs.length; index += 1) {
      const job = jobs[(index + round) % jobs.length] as Job;
      const sample = timeNode(options.nodeBinary, job);
      if (round === 0) continue;
      const key = `${job.name}:${job.kind}`;
      wall.set(key, [...(wall.get(key) ?? []), sample.wallMs]);
      cpu.set(key, [...(cpu.get(key) ?? []), sample.cpuMs]);
    }
  }
  const bareWall = median(wall.get('bare:bare') ?? []);
  const bareCpu = median(cpu.get('bare:bare') ?? []);
  const spread = (samples: number[], minus: number): Spread => ({
    min: Math.min(...samples) - minus,
    median: median(samples) - minus,
    max: Math.max(...samples) - minus,
  });
  const results: ColdInit[] = jobs
    .filter((job) => job.kind !== 'bare')
    .map((job) => {
      const key = `${job.name}:${job.kind}`;
      const baseKey = `baseline:${job.kind}`;
      const w = spread(wall.get(key) ?? [], bareWall);
      const c = spread(cpu.get(key) ?? [], bareCpu);
      return {
        name: job.name,
        kind: job.kind as ColdInit['kind'],
        wall: w,
        cpu: c,
        ratio: w.median / spread(wall.get(baseKey) ?? [], bareWall).median,
        cpuRatio: c.median / spread(cpu.get(baseKey) ?? [], bareCpu).median,
      };
    });

  console.log(
    `\n  Cold init, fresh Node ${process.versions.node} per run, ${options.runs} runs per side (after a warm-up round), ms over a bare ` +
      `\`node -e\` (${fixed(bareWall, 0)} ms wall, ${fixed(bareCpu, 0)} ms CPU); ratio = median ÷ the baseline's median of the same kind:`,
  );
  const text = (s: Spread) => `${fixed(s.min, 0)} / ${fixed(s.median, 0)} / ${fixed(s.max, 0)}`;
  printTable(
    ['function', 'measured', 'wall min / median / max', 'ratio', 'CPU min / median / max', 'CPU ratio'],
    results.map((entry) => [
      entry.name,
      entry.kind,
      text(entry.wall),
      `${fixed(entry.ratio, 2)}×`,
      text(entry.cpu),
      `${fixed(entry.cpuRatio, 2)}×`,
    ]),
    ['wall min / median / max', 'ratio', 'CPU min / median / max', 'CPU ratio'],
  );
  return results;
}

function timeNode(nodeBinary: string, job: Job): { wallMs: number; cpuMs: number } {
  const child = spawnSync(nodeBinary, job.args, { env: job.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = child.stdout.toString();
  const cpuLine = /^CPU (\d+)$/m.exec(output);
  const wallLine = /^WALL ([\d.]+)$/m.exec(output);
  if (child.status !== 0 || !cpuLine || !wallLine) {
    throw new Error(`${job.name} (${job.kind}) exited with ${child.status ?? child.signal}:\n${child.stderr.toString().slice(-2000)}`);
  }
  return { wallMs: Number(wallLine[1]), cpuMs: Number(cpuLine[1]) / 1000 };
}
