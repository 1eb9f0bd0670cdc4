import type { TestApi } from '../../support/api.js';
import { waitForTask } from '../../support/lab.js';
import type { ScriptedRelay } from '../../support/scripted-relay.js';
import type { BenchEnvironment } from './environment.js';

/** One deployment of an environment, start to finish, with instant relay steps. */
export interface EndToEndFigures {
  seconds: number;
  status: string;
  /** Relay steps answered during the run. */
  steps: number;
  /** `StateEntered` events of the execution: what Step Functions bills. */
  transitions: number;
}

/** Generous: a slow machine must give a slow figure, not a benchmark that gives up. */
const TIMEOUT_MS = 15 * 60_000;

/**
 * `PUT /clusters/{id}/changes`, then polls the task until it is no longer running, and counts
 * the state transitions of the execution the task records.
 */
export async function deployEndToEnd(
  api: TestApi,
  relay: ScriptedRelay,
  env: BenchEnvironment,
): Promise<EndToEndFigures> {
  const stepsBefore = relay.log.length;
  const started = performance.now();
  const res = await api.request<{ id: number }>('PUT', `/api/v1/clusters/${env.clusterId}/changes`);
  if (res.status !== 202) throw new Error(`deploy refused: ${res.status} ${res.text}`);
  const task = await waitForTask(api, res.body.id, TIMEOUT_MS);
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await api.db.query<{ execution_id: string | null }>(
    'SELECT execution_id FROM tasks WHERE id = $1',
    [res.body.id],
  );
  const executionId = rows[0]?.execution_id;
  if (!executionId) throw new Error(`task ${res.body.id} records no execution`);
  // The count is final only once the execution has ended, which may trail the task's status.
  await api.runtime.executor.settled(executionId);

  return {
    seconds,
    status: task.status === 'ready' ? 'ready' : `${task.status}: ${task.message ?? ''}`,
    steps: relay.log.length - stepsBefore,
    transitions: api.runtime.executor.transitions(executionId),
  };
}
