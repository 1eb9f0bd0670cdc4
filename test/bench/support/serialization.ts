import type { CoreSettings } from '../../../functions/core/context.js';
import { listNodes, NODE_COLUMNS } from '../../../functions/core/nodes/repository.js';
import { planChanges } from '../../../functions/core/orchestration/plan.js';
import { serializeRun } from '../../../functions/core/orchestration/serialize-run.js';
import { markStarting } from '../../../functions/core/orchestration/start-changes.js';
import { insertTask } from '../../../functions/core/tasks/model.js';
import type { Database, Queryable } from '../../../functions/db/database.js';
import type { BenchEnvironment } from './environment.js';
import type { MemoryPeak, PeakMemory } from './memory.js';

/** One serialization of an environment, and its baselines on the same data. */
export interface SerializationFigures {
  ms: number;
  peak: MemoryPeak;
  /** Size of the facts as JSON text. */
  factsBytes: number;
  /** Baseline: a raw SELECT of the environment's node rows. */
  selectMs: number;
  /** Baseline: `JSON.stringify` of the facts serialization produced. */
  stringifyMs: number;
}

/** Thrown to roll the measured run back, so every repetition serializes the same state. */
class RollBack extends Error {
  constructor(readonly figures: SerializationFigures) {
    super('measurement done');
  }
}

/** The run `PUT /clusters/{id}/changes` would start, up to the point where it serializes. */
async function prepareRun(tx: Queryable, clusterId: number) {
  const plan = planChanges(await listNodes(tx, clusterId));
  const provision = await insertTask(tx, { name: 'provision', clusterId });
  const deployment = await insertTask(tx, { name: 'deployment', clusterId });
  await markStarting(tx, plan.toProvision, plan.toDeploy);

  return {
    provision: { taskId: provision.id, nodes: plan.toProvision },
    deployment: { taskId: deployment.id, nodes: plan.toDeploy },
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();

  return performance.now() - started;
}

async function baselines(tx: Queryable, clusterId: number, taskIds: number[]) {
  const selectMs = await timed(() =>
    tx.query(`SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.cluster_id = $1 ORDER BY n.id`, [
      clusterId,
    ]),
  );
  const { rows } = await tx.query<{ facts: unknown }>(
    'SELECT facts FROM node_facts WHERE task_id = ANY($1::int[])',
    [taskIds],
  );
  let text = '';
  const stringifyMs = await timed(async () => {
    text = JSON.stringify(rows.map((r) => r.facts));
  });

  return { selectMs, stringifyMs, factsBytes: Buffer.byteLength(text) };
}

/**
 * Serializes a run of the whole environment (provisioning and deployment facts) in a
 * transaction, as `PUT /clusters/{id}/changes` does, measuring time and peak memory; then
 * rolls everything back.
 */
export async function measureSerialization(
  db: Database,
  settings: CoreSettings,
  env: BenchEnvironment,
  memory: PeakMemory,
): Promise<SerializationFigures> {
  try {
    await db.transaction(async (tx) => {
      const run = await prepareRun(tx, env.clusterId);
      const { result: ms, peak } = await memory.measure(() =>
        timed(() => serializeRun(tx, settings, env.clusterId, run.provision, run.deployment)),
      );
      const taskIds = [run.provision.taskId, run.deployment.taskId];
      throw new RollBack({ ms, peak, ...(await baselines(tx, env.clusterId, taskIds)) });
    });
  } catch (error) {
    if (error instanceof RollBack) return error.figures;
    throw error;
  }
  throw new Error('serialization was not rolled back');
}
