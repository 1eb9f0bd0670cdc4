/**
 * `npm run bench:lab`: the embedded mode deploys a simulated environment end to end, every step
 * instant: the lab's nodes boot and register through the discovery proxy, an operator builds
 * the environment (1 controller, the rest computes) over HTTP, and the in-process relay
 * provisions and deploys it through the Cobbler simulator and the simulated MCollective. A
 * 10-node run first is the baseline (and warms the code up); the 100-node run is measured
 * against the targets. Runs on DATABASE_URL, else PGlite.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvConfig } from '../../functions/api/config.js';
import { createLogger } from '../../functions/core/logger.js';
import type { Database } from '../../functions/db/database.js';
import { type Embedded, startEmbedded } from '../../infra/local/embedded/start-embedded.js';
import { ADMIN_PASSWORD } from '../support/api.js';
import { createTestDatabase } from '../support/database.js';
import { printMachine } from './support/machine.js';
import { PeakMemory } from './support/memory.js';
import { type Cell, fixed, printTable, printVerdicts } from './support/report.js';

const SIZES = [10, 100] as const;
const TARGETS = { nodes: 100, seconds: 60, rssMb: 1024 } as const;
const POLL_MS = 25;
/** Generous: a slow machine must give a slow figure, not a benchmark that gives up. */
const PHASE_TIMEOUT_MS = 10 * 60_000;

const PHASES = ['start', 'discovery', 'build', 'provisioning', 'deployment'] as const;
type Phase = (typeof PHASES)[number];

interface RunFigures {
  nodes: number;
  seconds: Record<Phase, number>;
  wallSeconds: number;
  rssPeakMb: number;
  /** Resident set once the environment is operational (PGlite's start-up peak is gone). */
  rssEndMb: number;
  status: string;
  mcoCalls: number;
  transitions: number;
}

interface Operator {
  // biome-ignore lint/suspicious/noExplicitAny: the benchmark reads a few fields of many shapes
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

async function operator(url: string): Promise<Operator> {
  const login = await fetch(`${url}/keystone/v2.0/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: { passwordCredentials: { username: 'admin', password: ADMIN_PASSWORD } },
    }),
  });
  const token = ((await login.json()) as { access: { token: { id: string } } }).access.token.id;
  return {
    async request(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
    },
  };
}

async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in time`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Every lab node registered and online. */
function discovered(op: Operator, nodes: number): Promise<Array<{ id: number }>> {
  return until('discovery', async () => {
    const { body } = await op.request('GET', '/api/v1/nodes/');
    const online = (body as Array<{ id: number; online: boolean }>).filter((n) => n.online);
    return online.length === nodes ? online : undefined;
  });
}

async function build(op: Operator, nodes: Array<{ id: number }>): Promise<number> {
  const created = await op.request('POST', '/api/v1/clusters/', { name: 'bench', release_id: 1 });
  if (created.status !== 201) throw new Error(`cluster: ${created.status}`);
  const roles = nodes.map((n, i) => ({ id: n.id, roles: [i === 0 ? 'controller' : 'compute'] }));
  const assigned = await op.request(
    'POST',
    `/api/v1/clusters/${created.body.id}/assignment/`,
    roles,
  );
  if (assigned.status !== 200) throw new Error(`assignment: ${assigned.status}`);
  return created.body.id;
}

/** Waits for the task named `name` of the environment to end; answers its status. */
function taskEnded(op: Operator, clusterId: number, name: string): Promise<string> {
  return until(name, async () => {
    const { body } = await op.request('GET', `/api/v1/tasks/?cluster_id=${clusterId}`);
    const task = (body as Array<{ name: string; status: string; message: string | null }>).find(
      (t) => t.name === name,
    );
    if (task === undefined || task.status === 'running' || task.status === 'pending') return;
    return task.status === 'ready' ? 'ready' : `${task.status}: ${task.message ?? ''}`;
  });
}

async function transitionsOf(embedded: Embedded, taskId: number): Promise<number> {
  const { rows } = await embedded.deps.db.query<{ execution_id: string | null }>(
    'SELECT execution_id FROM tasks WHERE id = $1',
    [taskId],
  );
  const executionId = rows[0]?.execution_id;
  if (!executionId) return Number.NaN;
  await embedded.runtime.executor.settled(executionId);
  return embedded.runtime.executor.transitions(executionId);
}

/** The embedded mode on a database and data directory of its own, with an instant lab. */
async function startBenchLab(nodes: number, db: Database, dataDir: string): Promise<Embedded> {
  return startEmbedded({
    config: readEnvConfig({ FUEL_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    dataDir,
    host: '127.0.0.1',
    port: 0,
    lab: { nodes, speed: 'instant', reportIntervalMs: 60_000 },
    discoveryPort: 0,
    db,
    logger: createLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) }),
  });
}

/** The operator's part, a mark at the end of each phase after `start`. */
async function deployAll(embedded: Embedded, nodes: number, mark: () => void) {
  const op = await operator(embedded.url);
  mark();
  const clusterId = await build(op, await discovered(op, nodes).finally(mark));
  mark();
  const started = await op.request('PUT', `/api/v1/clusters/${clusterId}/changes`);
  if (started.status !== 202) throw new Error(`deploy: ${started.status}`);
  const provision = await taskEnded(op, clusterId, 'provision');
  mark();
  const status = provision === 'ready' ? await taskEnded(op, clusterId, 'deploy') : provision;
  mark();
  const cluster = await op.request('GET', `/api/v1/clusters/${clusterId}/`);

  return { status: `${status}, ${cluster.body.status}`, taskId: started.body.id as number };
}

/** One end-to-end run; the clock starts before the database is created and migrated. */
async function runLab(nodes: number): Promise<Omit<RunFigures, 'rssPeakMb'>> {
  const marks: number[] = [performance.now()];
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-lab-'));
  const embedded = await startBenchLab(nodes, db, dataDir);
  try {
    const { status, taskId } = await deployAll(embedded, nodes, () =>
      marks.push(performance.now()),
    );
    const between = (from: number, to: number) => ((marks[to] ?? 0) - (marks[from] ?? 0)) / 1000;
    return {
      nodes,
      seconds: Object.fromEntries(PHASES.map((phase, i) => [phase, between(i, i + 1)])) as Record<
        Phase,
        number
      >,
      wallSeconds: between(0, PHASES.length),
      status,
      rssEndMb: process.memoryUsage.rss() / 1024 / 1024,
      mcoCalls: [...(embedded.lab?.mcollective.calls.values() ?? [])].reduce((a, b) => a + b, 0),
      transitions: await transitionsOf(embedded, taskId),
    };
  } finally {
    await embedded.stop();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function cells(run: RunFigures, baseline: RunFigures | undefined): Cell[] {
  const ratio = (phase: Phase) =>
    baseline === undefined ? '' : ` (${fixed(run.seconds[phase] / baseline.seconds[phase], 1)}×)`;
  return [
    `${run.nodes} nodes`,
    run.status,
    ...PHASES.map((phase) => `${fixed(run.seconds[phase], 2)}${ratio(phase)}`),
    fixed(run.wallSeconds, 2),
    fixed(run.rssPeakMb, 0),
    fixed(run.rssEndMb, 0),
    run.mcoCalls,
    fixed(run.transitions / run.nodes, 1),
  ];
}

function report(runs: RunFigures[], benchSeconds: number): boolean {
  const database = process.env.DATABASE_URL
    ? 'PostgreSQL at DATABASE_URL'
    : 'PGlite (in-process, in the RSS)';
  console.log(`\nbench:lab — embedded mode, instant lab, database: ${database}`);
  console.log('1 controller, the rest computes; phase times in seconds (× the 10-node baseline)\n');
  printTable(
    [
      'environment',
      'deploy task, environment',
      'start',
      'discovery',
      'build + assign',
      'provisioning',
      'deployment',
      'wall s',
      'RSS peak MB',
      'RSS end MB',
      'MCollective calls',
      'transitions/node',
    ],
    runs.map((run, i) => cells(run, i === 0 ? undefined : runs[0])),
  );
  const measured = runs.find((run) => run.nodes === TARGETS.nodes);
  console.log(
    `\nbenchmark wall time ${fixed(benchSeconds, 1)} s; process peak RSS ` +
      `${fixed(process.resourceUsage().maxRSS / 1024, 0)} MB\n`,
  );
  return printVerdicts([
    {
      target: `${TARGETS.nodes} nodes operational, start → operational < ${TARGETS.seconds} s`,
      met: measured?.status === 'ready, operational' && measured.wallSeconds < TARGETS.seconds,
      measured: `${measured?.status}, ${fixed(measured?.wallSeconds, 2)} s`,
    },
    {
      target: `${TARGETS.nodes}-node run peak RSS < ${TARGETS.rssMb} MB`,
      met: (measured?.rssPeakMb ?? Number.POSITIVE_INFINITY) < TARGETS.rssMb,
      measured: `${fixed(measured?.rssPeakMb, 0)} MB`,
    },
  ]);
}

async function main(): Promise<void> {
  const began = performance.now();
  const memory = new PeakMemory();
  const runs: RunFigures[] = [];
  try {
    for (const nodes of SIZES) {
      const { result, peak } = await memory.measure(() => runLab(nodes));
      runs.push({ ...result, rssPeakMb: peak.rssTotalMb });
    }
  } finally {
    await memory.close();
  }
  const met = report(runs, (performance.now() - began) / 1000);
  printMachine();
  if (!met) process.exitCode = 1;
}

await main();
