/**
 * `npm run bench:api`: agent check-ins (uncached and cached) from 1,000 distinct nodes and
 * `GET /api/nodes` over 1,000 nodes, served over real HTTP on loopback, next to raw SQL loops of
 * the same work on the same database in the same run. Runs on DATABASE_URL, else PGlite.
 */
import { NODE_COLUMNS } from '../../functions/core/nodes/repository.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { benchAgentPayload } from './support/bench-payload.js';
import { type BenchRequest, send } from './support/http-client.js';
import { interleave, type LoadSample, runLoad } from './support/load.js';
import { type LoopbackServer, serveOnLoopback } from './support/loopback-server.js';
import { printMachine } from './support/machine.js';
import { openRawDatabase, type RawDatabase } from './support/raw-database.js';
import { type Cell, fixed, printTable, printVerdicts, type Verdict } from './support/report.js';
import { type CaseFigures, summarize } from './support/stats.js';

const NODES = 1000;
const CONCURRENCY = 8;
const CHECK_IN_ROUNDS = 3;
const LIST_ROUNDS = 10;
const LIST_PER_ROUND = 10;
const TARGETS = { checkInShareOfRaw: 0.5, listP50Ms: 30 } as const;

/** Everything the cases share. */
interface Bench {
  api: TestApi;
  server: LoopbackServer;
  raw: RawDatabase;
  /** Node ids by node index, as registration answered them. */
  ids: number[];
}

async function register(bench: Bench): Promise<LoadSample> {
  const bodies = Array.from({ length: NODES }, (_, i) => benchAgentPayload(i));
  const sample = await runLoad(NODES, CONCURRENCY, (i) =>
    send(bench.server.url, {
      method: 'POST',
      path: '/api/nodes',
      body: JSON.stringify(bodies[i]),
      expect: 201,
    }),
  );
  const { rows } = await bench.api.db.query<{ id: number; mac: string }>(
    'SELECT id, mac::text AS mac FROM nodes',
  );
  const byMac = new Map(rows.map((r) => [r.mac, r.id]));
  bench.ids = bodies.map((b) => byMac.get(b.mac) ?? Number.NaN);
  if (bench.ids.some(Number.isNaN)) throw new Error('some registered node is missing');

  return sample;
}

/** One check-in of every node, all with `checksum` (bodies serialized before the clock runs). */
function checkIns(bench: Bench, checksum: string): Promise<LoadSample> {
  const bodies = Array.from({ length: NODES }, (_, i) =>
    JSON.stringify(benchAgentPayload(i, checksum)),
  );
  return runLoad(NODES, CONCURRENCY, (i) =>
    send(bench.server.url, {
      method: 'PUT',
      path: '/api/nodes/agent',
      body: bodies[i],
      expect: 200,
    }),
  );
}

/**
 * The baseline of a check-in: what the uncached check-in writes in essence, one UPDATE of the
 * node's meta, address, contact time and checksum by id, through a raw driver.
 */
function rawUpdates(bench: Bench, round: number): Promise<LoadSample> {
  const payloads = Array.from({ length: NODES }, (_, i) => benchAgentPayload(i));
  const metas = payloads.map((p) => JSON.stringify(p.meta));
  return runLoad(NODES, CONCURRENCY, async (i) => {
    await bench.raw.query(
      `UPDATE nodes SET meta = $2, ip = $3, last_contact_at = $4, agent_checksum = $5,
         online = true WHERE id = $1`,
      [bench.ids[i], metas[i], payloads[i]?.ip, new Date(), `raw-${round}`],
    );
  });
}

function listNodes(bench: Bench, concurrency: number, total: number): Promise<LoadSample> {
  const request: BenchRequest = {
    method: 'GET',
    path: '/api/nodes',
    token: bench.api.token,
    expect: 200,
  };
  return runLoad(total, concurrency, () => send(bench.server.url, request));
}

/** The baseline of the list: the same rows, read through a raw driver. */
function rawSelect(bench: Bench, total: number): Promise<LoadSample> {
  return runLoad(total, 1, async () => {
    await bench.raw.query(`SELECT ${NODE_COLUMNS} FROM nodes n ORDER BY n.id`, []);
  });
}

async function warmUp(bench: Bench): Promise<void> {
  await checkIns(bench, 'warm-up');
  await rawUpdates(bench, -1);
  await listNodes(bench, 1, 10);
  await rawSelect(bench, 10);
}

interface Row {
  name: string;
  clients: number;
  figures: CaseFigures;
  baseline?: CaseFigures;
}

/** The check-in cases interleaved round by round: raw, uncached (new checksum), cached. */
async function measureWrites(bench: Bench) {
  const writes = await interleave(CHECK_IN_ROUNDS, {
    raw: (round) => rawUpdates(bench, round),
    uncached: (round) => checkIns(bench, `round-${round}`),
    cached: (round) => checkIns(bench, `round-${round}`),
  });
  const { raw } = writes;
  const rows: Row[] = [
    { name: 'raw UPDATE of a node (baseline)', clients: CONCURRENCY, figures: raw },
    { name: 'PUT /api/nodes/agent, uncached', clients: CONCURRENCY, figures: writes.uncached },
    { name: 'PUT /api/nodes/agent, cached', clients: CONCURRENCY, figures: writes.cached },
  ];

  return { writes, rows: rows.map((row, i) => (i === 0 ? row : { ...row, baseline: raw })) };
}

/** The list with one client interleaved with its baseline, then with all clients at once. */
async function measureReads(bench: Bench) {
  const reads = await interleave(LIST_ROUNDS, {
    raw: () => rawSelect(bench, LIST_PER_ROUND),
    list: () => listNodes(bench, 1, LIST_PER_ROUND),
  });
  const loaded = await listNodes(bench, CONCURRENCY, LIST_ROUNDS * LIST_PER_ROUND);
  const name = `GET /api/nodes, ${NODES} nodes`;
  const rows: Row[] = [
    { name: `raw SELECT of ${NODES} nodes (baseline)`, clients: 1, figures: reads.raw },
    { name, clients: 1, figures: reads.list, baseline: reads.raw },
    {
      name,
      clients: CONCURRENCY,
      figures: summarize(loaded.latencies, loaded.elapsedMs),
      baseline: reads.raw,
    },
  ];

  return { reads, rows };
}

async function measure(bench: Bench) {
  const registered = await register(bench);
  await warmUp(bench);
  const { writes, rows: writeRows } = await measureWrites(bench);
  const { reads, rows: readRows } = await measureReads(bench);
  const registration: Row = {
    name: 'POST /api/nodes (registration)',
    clients: CONCURRENCY,
    figures: summarize(registered.latencies, registered.elapsedMs),
  };

  return { writes, reads, rows: [...writeRows, registration, ...readRows] };
}

function tableRow(row: Row): Cell[] {
  const ratio = row.baseline ? (100 * row.figures.perSecond) / row.baseline.perSecond : undefined;
  return [
    row.name,
    row.clients,
    row.figures.requests,
    fixed(row.figures.perSecond, 0),
    fixed(row.figures.p50Ms, 2),
    fixed(row.figures.p99Ms, 2),
    ratio === undefined ? '' : `${fixed(ratio, 0)} %`,
  ];
}

type Measured = Awaited<ReturnType<typeof measure>>;

function verdicts({ writes, reads }: Measured): Verdict[] {
  const share = (f: CaseFigures) => f.perSecond / writes.raw.perSecond;
  const target = `% of the raw UPDATE rate (≥ ${100 * TARGETS.checkInShareOfRaw} %)`;
  return [
    ...(['uncached', 'cached'] as const).map((name) => ({
      target: `${name} check-ins, ${target}`,
      met: share(writes[name]) >= TARGETS.checkInShareOfRaw,
      measured: `${fixed(100 * share(writes[name]), 0)} %`,
    })),
    {
      target: `GET /api/nodes over ${NODES} nodes, p50 with 1 client (< ${TARGETS.listP50Ms} ms)`,
      met: reads.list.p50Ms < TARGETS.listP50Ms,
      measured: `${fixed(reads.list.p50Ms, 2)} ms`,
    },
  ];
}

function report(measured: Measured, raw: RawDatabase): boolean {
  console.log(`\nbench:api — database: ${raw.label}`);
  console.log(
    `app over HTTP (@hono/node-server, 127.0.0.1), clients: Node fetch; baselines: ${raw.driver}\n`,
  );
  printTable(
    ['case', 'clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'rate vs baseline'],
    measured.rows.map(tableRow),
  );
  console.log('');

  return printVerdicts(verdicts(measured));
}

async function main(): Promise<void> {
  const api = await startTestApi();
  const server = await serveOnLoopback(api.app);
  const raw = await openRawDatabase(api.db);
  try {
    const met = report(await measure({ api, server, raw, ids: [] }), raw);
    printMachine();
    if (!met) process.exitCode = 1;
  } finally {
    await raw.close();
    await server.close();
    await api.close();
  }
}

await main();
