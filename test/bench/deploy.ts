/**
 * `npm run bench:deploy`: serialization time and peak memory for environments of 10, 100 and
 * 1,000 nodes next to baselines on the same data; end-to-end deployment time with a relay that
 * answers every step at once for 10 and 100 nodes; Step Functions state transitions per node.
 * Runs on DATABASE_URL, else PGlite.
 */
import { applyProgress } from '../../functions/progress/apply.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { startScriptedRelay } from '../support/scripted-relay.js';
import { deployEndToEnd, type EndToEndFigures } from './support/end-to-end.js';
import { type BenchEnvironment, buildBenchEnvironment } from './support/environment.js';
import { printMachine } from './support/machine.js';
import { PeakMemory } from './support/memory.js';
import { type Cell, fixed, printTable, printVerdicts, type Verdict } from './support/report.js';
import { measureSerialization, type SerializationFigures } from './support/serialization.js';
import { median } from './support/stats.js';

const SERIALIZED_SIZES = [10, 100, 1000] as const;
const DEPLOYED_SIZES = [10, 100] as const;
const REPEATS = 3;
const TARGETS = { largest: 1000, serializeMs: 1000, serializeMb: 300, transitionsPerNode: 20 };

interface SerializationRow {
  nodes: number;
  runs: SerializationFigures[];
}

interface DeploymentRow {
  nodes: number;
  figures: EndToEndFigures;
}

/** Repeats on the same state (each run is rolled back): median times, largest peaks. */
async function serializeAll(api: TestApi, envs: Map<number, BenchEnvironment>) {
  const memory = new PeakMemory();
  try {
    const first = envs.get(SERIALIZED_SIZES[0]);
    // A first run compiles the code paths; its figures would measure the JIT.
    if (first) await measureSerialization(api.db, api.deps.settings, first, memory);
    const rows: SerializationRow[] = [];
    for (const [nodes, env] of envs) {
      const runs: SerializationFigures[] = [];
      for (let i = 0; i < REPEATS; i++) {
        runs.push(await measureSerialization(api.db, api.deps.settings, env, memory));
      }
      rows.push({ nodes, runs });
    }
    return rows;
  } finally {
    await memory.close();
  }
}

async function deployAll(api: TestApi, envs: Map<number, BenchEnvironment>) {
  const relay = startScriptedRelay(api.runtime, { publish: (r) => applyProgress(api.deps, r) });
  try {
    const rows: DeploymentRow[] = [];
    for (const nodes of DEPLOYED_SIZES) {
      const env = envs.get(nodes);
      if (env) rows.push({ nodes, figures: await deployEndToEnd(api, relay, env) });
    }
    return rows;
  } finally {
    await relay.stop();
  }
}

function serializationCells(row: SerializationRow): Cell[] {
  const of = (pick: (f: SerializationFigures) => number) => row.runs.map(pick);
  const ms = median(of((f) => f.ms));
  const selectMs = median(of((f) => f.selectMs));
  return [
    `${row.nodes} nodes`,
    fixed(ms, 1),
    fixed(Math.max(...of((f) => f.peak.heapUsedMb)), 1),
    fixed(Math.max(...of((f) => f.peak.rssMb)), 1),
    fixed(Math.max(...of((f) => f.peak.rssTotalMb)), 0),
    fixed(median(of((f) => f.factsBytes)) / 1024, 0),
    fixed(selectMs, 1),
    fixed(median(of((f) => f.stringifyMs)), 1),
    `${fixed(ms / selectMs, 1)} ×`,
  ];
}

function deploymentCells(row: DeploymentRow): Cell[] {
  const f = row.figures;
  return [
    `${row.nodes} nodes`,
    f.status,
    fixed(f.seconds, 2),
    fixed((1000 * f.seconds) / row.nodes, 1),
    f.steps,
    f.transitions,
    fixed(f.transitions / row.nodes, 1),
  ];
}

function verdicts(serialized: SerializationRow[], deployed: DeploymentRow[]): Verdict[] {
  const largest = serialized.find((r) => r.nodes === TARGETS.largest);
  const ms = largest ? median(largest.runs.map((f) => f.ms)) : Number.NaN;
  const mb = largest ? Math.max(...largest.runs.map((f) => f.peak.rssMb)) : Number.NaN;
  return [
    {
      target: `${TARGETS.largest}-node serialization < ${TARGETS.serializeMs} ms (median)`,
      met: ms < TARGETS.serializeMs,
      measured: `${fixed(ms, 0)} ms`,
    },
    {
      target: `${TARGETS.largest}-node serialization < ${TARGETS.serializeMb} MB (RSS growth)`,
      met: mb < TARGETS.serializeMb,
      measured: `${fixed(mb, 1)} MB`,
    },
    ...deployed.map((row) => ({
      target: `${row.nodes}-node deployment ready, ≤ ${TARGETS.transitionsPerNode} transitions/node`,
      met:
        row.figures.status === 'ready' &&
        row.figures.transitions / row.nodes <= TARGETS.transitionsPerNode,
      measured: `${row.figures.status}, ${fixed(row.figures.transitions / row.nodes, 1)}`,
    })),
  ];
}

function report(api: TestApi, serialized: SerializationRow[], deployed: DeploymentRow[]) {
  const database =
    api.db.kind === 'postgres'
      ? 'PostgreSQL at DATABASE_URL'
      : 'PGlite (in-process, so RSS includes the database)';
  console.log(`\nbench:deploy — database: ${database}; 1 controller, the rest computes\n`);
  console.log(
    `Serialization (provisioning + deployment facts, in a transaction; ${REPEATS} runs each)\n`,
  );
  printTable(
    [
      'environment',
      'serialize ms',
      'heap peak MB',
      'RSS growth MB',
      'RSS peak MB',
      'facts KB',
      'raw SELECT ms',
      'JSON.stringify ms',
      'vs SELECT',
    ],
    serialized.map(serializationCells),
  );
  console.log('\nEnd to end (PUT /clusters/{id}/changes → task ready; relay answers at once)\n');
  printTable(
    ['environment', 'task', 'seconds', 'ms/node', 'relay steps', 'transitions', 'per node'],
    deployed.map(deploymentCells),
  );
  console.log('');

  return printVerdicts(verdicts(serialized, deployed));
}

async function main(): Promise<void> {
  const api = await startTestApi();
  try {
    const envs = new Map<number, BenchEnvironment>();
    for (const size of SERIALIZED_SIZES) {
      envs.set(size, await buildBenchEnvironment(api, `bench-${size}`, size));
    }
    const serialized = await serializeAll(api, envs);
    const deployed = await deployAll(api, envs);
    const met = report(api, serialized, deployed);
    printMachine();
    if (!met) process.exitCode = 1;
  } finally {
    await api.close();
  }
}

await main();
