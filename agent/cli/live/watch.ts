import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { ApiClient } from '../http.js';
import { type CliIo, say, sayJson } from '../io.js';
import { createProgressView } from '../render/progress.js';
import { type FollowOutcome, followTask } from './follow-task.js';
import { ProgressState } from './progress-state.js';

/** Defaults of the watch; `FUEL_CLI_EVENTS_MS` and `FUEL_CLI_POLL_MS` change them. */
const EVENTS_INTERVAL_MS = 500;
const POLL_MS = 3_000;

export interface WatchRequest {
  io: CliIo;
  client: ApiClient;
  clusterId: number;
  taskId: number;
  /** `--json`: no live view; the finished task is printed as JSON. */
  json: boolean;
}

/** Watches a task with the live view (none with `--json`) until it ends. */
export async function watchTask(request: WatchRequest): Promise<FollowOutcome> {
  const { io, client, clusterId, taskId, json } = request;
  const state = new ProgressState(taskId);
  const view = json ? undefined : createProgressView(io, state);
  try {
    return await followTask({
      client,
      clusterId,
      state,
      onChange: (change) => view?.changed(change),
      ...(io.signal ? { signal: io.signal } : {}),
      eventsIntervalMs: setting(io.env.FUEL_CLI_EVENTS_MS, EVENTS_INTERVAL_MS, 10, 99_999),
      pollMs: setting(io.env.FUEL_CLI_POLL_MS, POLL_MS, 50, 600_000),
    });
  } finally {
    view?.close();
  }
}

/**
 * Prints how a watched task ended (its message, or its JSON) and answers the exit code:
 * 0 when ready or gone with its environment, 4 when it ended in error.
 */
export function reportOutcome(io: CliIo, outcome: FollowOutcome, json: boolean): ExitCode {
  if (outcome.kind === 'gone') {
    if (json) sayJson(io, null);
    else say(io, 'The task is gone with its environment.');
    return EXIT_CODES.ok;
  }
  const { task } = outcome;
  if (json) sayJson(io, outcome.json);
  else say(io, task.message || `${task.name} #${task.id}: ${task.status}`);
  if (task.status !== 'error') return EXIT_CODES.ok;
  io.stderr.write(`fuel: ${task.name} #${task.id} ended in error\n`);

  return EXIT_CODES.failed;
}

function setting(text: string | undefined, fallback: number, min: number, max: number): number {
  const value = Number(text);
  return text && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}
