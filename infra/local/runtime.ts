import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CoreContext } from '../../functions/core/context.js';
import type { OrchestrationSettings } from '../../functions/core/orchestration/context.js';
import { MACHINE_NAMES, type MachineName } from '../../functions/core/orchestration/executor.js';
import { handleStep } from '../../functions/steps/handler.js';
import { LocalQueue } from './queue/local-queue.js';
import { TokenRegistry } from './queue/token-registry.js';
import { createLocalExecutor, type LocalExecutor } from './stepfunctions/local-executor.js';

const STATEMACHINES_DIR = fileURLToPath(new URL('../../statemachines/', import.meta.url));

/** The site queue of the embedded mode (one site, the simulated or real data centre). */
export const LOCAL_QUEUE_URL = 'http://localhost/queue/fuel-site-local';

/** The embedded runtime: the ASL files run in-process, relay steps on a local queue. */
export interface EmbeddedRuntime {
  executor: LocalExecutor;
  queue: LocalQueue;
  tokens: TokenRegistry;
  orchestration: OrchestrationSettings;
}

/** Reads the committed ASL files of `statemachines/`. */
export function loadDefinitions(): Partial<Record<MachineName, object>> {
  const definitions: Partial<Record<MachineName, object>> = {};
  for (const name of MACHINE_NAMES) {
    const path = `${STATEMACHINES_DIR}${name}.asl.json`;
    if (existsSync(path)) definitions[name] = JSON.parse(readFileSync(path, 'utf8')) as object;
  }

  return definitions;
}

/**
 * Wires the same step handlers the cloud runs in Lambda to a local executor. With `persist`, the
 * executor keeps executions and step outputs in PostgreSQL, so a restarted process can redrive.
 */
export function createEmbeddedRuntime(
  ctx: CoreContext,
  options: { persist?: boolean; maxConcurrency?: number; retryDelayMs?: number } = {},
): EmbeddedRuntime {
  const queue = new LocalQueue();
  const tokens = new TokenRegistry();
  const executor = createLocalExecutor({
    definitions: loadDefinitions(),
    substitutions: { StepsFunctionArn: 'arn:aws:lambda:local:000000000000:function:fuel-steps' },
    lambda: (payload) => handleStep(ctx, payload),
    queue,
    tokens,
    ...(options.persist === false ? {} : { db: ctx.db }),
    logger: ctx.logger,
    ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
  });

  return {
    executor,
    queue,
    tokens,
    orchestration: {
      executor,
      queueUrl: LOCAL_QUEUE_URL,
      maxConcurrency: options.maxConcurrency ?? 50,
    },
  };
}
