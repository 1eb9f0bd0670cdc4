/**
 * The relay's surroundings for tests: the embedded queue and token registry (the stand-ins for
 * SQS and Step Functions), a Cobbler simulator, scripted MCollective nodes, an in-memory
 * progress publisher, and a state directory for the journal.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CobblerDriver } from '../../../agent/relay/drivers/cobbler/index.js';
import { McoDriver } from '../../../agent/relay/drivers/mcollective/index.js';
import { openFileJournal, type StepJournal } from '../../../agent/relay/idempotency.js';
import { noopRelayLogger } from '../../../agent/relay/logger.js';
import { createMemoryPublisher } from '../../../agent/relay/progress/publisher.js';
import { type RelayParts, startRelay } from '../../../agent/relay/relay.js';
import type { RunnerHandle, RunnerSettings } from '../../../agent/relay/runner.js';
import type { StepTimings } from '../../../agent/relay/steps/index.js';
import type { StepTransport } from '../../../agent/relay/transport/step-transport.js';
import {
  type CobblerSimulator,
  startCobblerSimulator,
} from '../../../infra/local/cobbler-simulator/index.js';
import { LocalQueue } from '../../../infra/local/queue/local-queue.js';
import { createLocalTransport } from '../../../infra/local/queue/local-transport.js';
import type { RegisterOptions } from '../../../infra/local/queue/token-registry.js';
import { TokenRegistry } from '../../../infra/local/queue/token-registry.js';
import { ScriptedMcollective } from './relay-scripted-nodes.js';

/** Fast settings: heartbeats every 50 ms, messages hidden for 1 s. */
export const FAST_RUNNER: Partial<RunnerSettings> = {
  maxInFlight: 4,
  visibilityTimeoutSeconds: 1,
  heartbeatIntervalMs: 50,
  waitSeconds: 1,
  backoff: { initialMs: 10, maxMs: 50 },
  answerAttempts: 3,
  stopGraceMs: 0,
};

export const FAST_TIMINGS: Partial<StepTimings> = {
  provisionPollMs: 10,
  provisionPollTimeoutSeconds: 1,
  provisionExpectedMs: 200,
  puppetPollMs: 10,
  puppetRetries: 0,
};

/** How a task token was answered. */
export type Answer =
  | { ok: true; output: unknown }
  | { ok: false; error: string; cause: string; decoded: unknown };

/** A submitted step: its token and how it was answered. */
export interface Submitted {
  token: string;
  answer: Promise<Answer>;
}

export interface RelayHarness {
  queue: LocalQueue;
  queueUrl: string;
  tokens: TokenRegistry;
  transport: StepTransport;
  cobbler: CobblerSimulator;
  cobblerDriver: CobblerDriver;
  nodes: ScriptedMcollective;
  mco: McoDriver;
  progress: ReturnType<typeof createMemoryPublisher>;
  stateDir: string;
  /** Opens a journal on the state directory (a relay process would, at start). */
  journal(): Promise<StepJournal>;
  /** Starts a relay; the harness stops it on close. */
  start(overrides?: Partial<RelayParts>): Promise<RunnerHandle>;
  /** Puts a step on the queue and waits for its token's answer. */
  submit(step: Record<string, unknown>, register?: RegisterOptions): Submitted;
  close(): Promise<void>;
}

export async function createRelayHarness(): Promise<RelayHarness> {
  const queue = new LocalQueue();
  const queueUrl = `http://localhost/queue/relay-test-${randomUUID()}`;
  const tokens = new TokenRegistry();
  const transport = createLocalTransport({ queue, tokens, queueUrl });
  const cobbler = await startCobblerSimulator({ taskStepMs: 10 });
  const cobblerDriver = new CobblerDriver({
    url: cobbler.url,
    username: 'cobbler',
    password: 'cobbler',
    timeoutMs: 1_000,
    syncRetries: 0,
    removeRetryDelayMs: 10,
    powerPollIntervalMs: 10,
  });
  const nodes = new ScriptedMcollective();
  const mco = new McoDriver({ transport: nodes, retries: 2, retryDelayMs: 5 });
  const progress = createMemoryPublisher();
  const stateDir = await mkdtemp(join(tmpdir(), 'relay-test-'));
  const started: Array<{ runner: RunnerHandle; journal: StepJournal }> = [];
  const journal = () => openFileJournal({ dir: stateDir });

  return {
    queue,
    queueUrl,
    tokens,
    transport,
    cobbler,
    cobblerDriver,
    nodes,
    mco,
    progress,
    stateDir,
    journal,
    async start(overrides = {}) {
      const parts: RelayParts = {
        transport,
        cobbler: cobblerDriver,
        mcollective: mco,
        progress,
        journal: overrides.journal ?? (await journal()),
        logger: noopRelayLogger,
        runner: FAST_RUNNER,
        timings: FAST_TIMINGS,
        ...overrides,
      };
      const runner = startRelay(parts);
      started.push({ runner, journal: parts.journal });
      return runner;
    },
    submit(step, register = {}) {
      const token = `token-${randomUUID()}`;
      const answer = tokens.register(token, register).then(
        (output): Answer => ({ ok: true, output }),
        (error: Error): Answer => ({
          ok: false,
          error: error.name,
          cause: error.message,
          decoded: safeJson(error.message),
        }),
      );
      queue.send(queueUrl, JSON.stringify(stepMessage(token, step)));
      return { token, answer };
    },
    async close() {
      for (const { runner, journal: opened } of started) {
        await runner.kill();
        await opened.close();
      }
      queue.close();
      await cobbler.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** A step message of the contract with test ids around `step`. */
export function stepMessage(token: string, step: Record<string, unknown>): Record<string, unknown> {
  return {
    version: 1,
    task_token: token,
    task_uuid: 'task-uuid-1',
    cluster_id: 1,
    correlation_id: 'execution-1',
    ...step,
  };
}

/** A node step's envelope fields. */
export function onNode(uid: string): { node_id: number; node_uid: string } {
  return { node_id: Number(uid), node_uid: uid };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Resolves once `check` holds, polling every 5 ms; fails after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
