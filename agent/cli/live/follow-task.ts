import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ApiClient } from '../http.js';
import { readSse } from '../sse.js';
import {
  asNode,
  asTask,
  type ProgressChange,
  type ProgressState,
  type TaskView,
} from './progress-state.js';

/** How a watch ended: the task finished (ready or error), or it is gone with its environment. */
export type FollowOutcome = { kind: 'finished'; task: TaskView; json: unknown } | { kind: 'gone' };

export interface FollowOptions {
  client: ApiClient;
  clusterId: number;
  state: ProgressState;
  /** Told of every visible change (the live view). */
  onChange: (change: ProgressChange) => void;
  /** Ctrl-C. */
  signal?: AbortSignal;
  /** How often the server samples the environment for the stream. */
  eventsIntervalMs: number;
  /** How often the task is polled, so that a lost stream cannot hang the watch. */
  pollMs: number;
}

const FINISHED = ['ready', 'error'];
const RECONNECT_MS = 1_000;

/**
 * Watches a task until it is ready or error: its environment's event stream drives the view
 * (reconnecting when it drops) while the task is polled as a fallback. The nodes are read once
 * more at the end, so the last frame shows their final state. Ctrl-C ends the watch (exit 130),
 * not the task.
 */
export async function followTask(options: FollowOptions): Promise<FollowOutcome> {
  const stop = new AbortController();
  const done = deferred<FollowOutcome>();
  const interrupted = () => done.reject(interruption(options.state.taskId));
  if (options.signal?.aborted) interrupted();
  options.signal?.addEventListener('abort', interrupted, { once: true });
  const check = () => {
    checkTask(options).then((outcome) => outcome && done.resolve(outcome), done.reject);
  };
  const loops = [streamLoop(options, stop.signal, check), pollLoop(options, stop.signal, check)];
  for (const loop of loops) loop.catch(done.reject);
  try {
    const outcome = await done.promise;
    if (outcome.kind === 'finished') await syncNodes(options);
    return outcome;
  } finally {
    stop.abort();
    options.signal?.removeEventListener('abort', interrupted);
    await Promise.allSettled(loops);
  }
}

/** A promise with its settlers at hand (`Promise.withResolvers` needs Node 22). */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });

  return { promise, resolve, reject };
}

function interruption(taskId: number): CliError {
  return new CliError(
    `stopped watching; task ${taskId} goes on (see \`fuel task show ${taskId}\`)`,
    EXIT_CODES.interrupted,
  );
}

/** The task as the API answers it now: finished, gone, or still going (undefined). */
async function checkTask(options: FollowOptions): Promise<FollowOutcome | undefined> {
  const { client, state } = options;
  let json: unknown;
  try {
    json = await client.get<unknown>(`/api/v1/tasks/${state.taskId}`);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.status === 404) return { kind: 'gone' };
    // A server out of reach for a moment does not end the watch; the next poll tries again.
    if (error.exitCode === EXIT_CODES.unreachable) return undefined;
    throw error;
  }
  const task = asTask(json);
  const change = task && state.apply('task', json);
  if (change) options.onChange(change);

  return task && FINISHED.includes(task.status) ? { kind: 'finished', task, json } : undefined;
}

async function streamLoop(options: FollowOptions, signal: AbortSignal, check: () => void) {
  const path = `/api/v1/clusters/${options.clusterId}/events?interval_ms=${options.eventsIntervalMs}`;
  while (!signal.aborted) {
    try {
      const body = await options.client.openStream(path, signal);
      for await (const event of readSse(body)) {
        if (readEvent(options, event.event, event.data)) check();
      }
      if (options.state.cluster?.status === 'deleted') return;
    } catch (error) {
      if (signal.aborted) return;
      // The environment went away between two connections: the task check tells the end.
      if (error instanceof CliError && error.status === 404) return check();
      // Another refusal ends the watch (an expired token); a dropped connection is retried.
      if (error instanceof CliError && error.exitCode === EXIT_CODES.refused) throw error;
    }
    await sleep(RECONNECT_MS, undefined, { signal }).catch(() => undefined);
  }
}

/** Applies one event; true when it says that the watched task may have ended. */
function readEvent(options: FollowOptions, event: string, text: string): boolean {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return false;
  }
  const change = options.state.apply(event, data);
  if (change) options.onChange(change);
  if (event === 'cluster') return (data as { status?: unknown }).status === 'deleted';
  const task = event === 'task' ? asTask(data) : undefined;

  return task?.id === options.state.taskId && FINISHED.includes(task.status);
}

async function pollLoop(options: FollowOptions, signal: AbortSignal, check: () => void) {
  while (!signal.aborted) {
    await sleep(options.pollMs, undefined, { signal }).catch(() => undefined);
    if (!signal.aborted) check();
  }
}

/** Reads the environment's nodes once more: the stream may not have sent their last change. */
async function syncNodes(options: FollowOptions): Promise<void> {
  const nodes = await options.client
    .get<unknown>(`/api/v1/nodes/?cluster_id=${options.clusterId}`)
    .catch(() => []);
  for (const json of Array.isArray(nodes) ? nodes : []) {
    const node = asNode(json);
    const change = node && options.state.apply('node', node);
    if (change) options.onChange(change);
  }
}
