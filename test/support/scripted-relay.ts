import { createLocalTransport } from '../../infra/local/queue/local-transport.js';
import type { EmbeddedRuntime } from '../../infra/local/runtime.js';
import { type StepMessage, StepMessageSchema } from '../../statemachines/contracts/step-message.js';
import { encodeCause } from '../../statemachines/contracts/step-result.js';

/** A failure to inject: the step `step` on node `nodeId` fails (`times` times, default always). */
export interface InjectedFailure {
  step: StepMessage['step'];
  nodeId: number;
  error: string;
  message: string;
  errorType?: 'provision' | 'deploy' | 'deletion' | 'stop_deployment';
  times?: number;
}

export interface ScriptedRelayOptions {
  /** Where progress reports go (the consumer in-process, or RabbitMQ). */
  publish: (report: { method: string; args: Record<string, unknown> }) => Promise<unknown>;
  failures?: InjectedFailure[];
  /** Steps held until `release()` (stop tests). */
  holdSteps?: StepMessage['step'][];
}

export interface ScriptedRelay {
  /** Steps answered so far, in order: `step:node_id`. */
  log: string[];
  /** Steps received and held, waiting for `release()`. */
  held: StepMessage[];
  release(): void;
  stop(): Promise<void>;
}

/**
 * A stand-in for the on-premise relay in tests: takes steps from the embedded site queue,
 * answers them at once (or as scripted to fail), and reports progress the way the real relay
 * does (Astute's format), so the whole path API → workflow → relay → progress is exercised.
 */
export function startScriptedRelay(
  runtime: EmbeddedRuntime,
  options: ScriptedRelayOptions,
): ScriptedRelay {
  const transport = createLocalTransport({
    queue: runtime.queue,
    tokens: runtime.tokens,
    queueUrl: runtime.orchestration.queueUrl,
  });
  const abort = new AbortController();
  const failures = (options.failures ?? []).map((f) => ({
    ...f,
    left: f.times ?? Number.POSITIVE_INFINITY,
  }));
  let releaseHeld: () => void = () => undefined;
  const heldGate = new Promise<void>((resolve) => {
    releaseHeld = resolve;
  });
  const relay: ScriptedRelay = {
    log: [],
    held: [],
    release: () => releaseHeld(),
    stop: async () => {
      abort.abort();
      releaseHeld();
      await loop;
    },
  };

  const answer = async (message: StepMessage) => {
    const nodeId = 'node_id' in message ? message.node_id : 0;
    if (options.holdSteps?.includes(message.step)) {
      relay.held.push(message);
      await heldGate;
      if (abort.signal.aborted) return;
    }
    await reportProgress(options.publish, message);
    const failure = failures.find(
      (f) => f.step === message.step && f.nodeId === nodeId && f.left > 0,
    );
    relay.log.push(`${message.step}:${nodeId}`);
    try {
      if (failure) {
        failure.left--;
        const cause = encodeCause({
          message: failure.message,
          ...(failure.errorType ? { error_type: failure.errorType } : {}),
        });
        await transport.sendTaskFailure(message.task_token, failure.error, cause);
      } else {
        await transport.sendTaskSuccess(message.task_token, { status: 'done' });
      }
    } catch {
      // The token was closed (stopped execution): the real relay drops such steps too.
    }
  };

  const loop = (async () => {
    while (!abort.signal.aborted) {
      const received = await transport.receive({
        max: 10,
        waitSeconds: 1,
        visibilityTimeoutSeconds: 30,
        signal: abort.signal,
      });
      await Promise.all(
        received.map(async (m) => {
          await transport.delete(m.receiptHandle);
          await answer(StepMessageSchema.parse(JSON.parse(m.body)));
        }),
      );
    }
  })();

  return relay;
}

/** What the relay reports while a step runs, as Astute reported it. */
async function reportProgress(
  publish: ScriptedRelayOptions['publish'],
  message: StepMessage,
): Promise<void> {
  if (message.step === 'node.wait_provisioned') {
    await publish({
      method: 'provision_resp',
      args: {
        task_uuid: message.task_uuid,
        nodes: [{ uid: message.node_uid, status: 'provisioning', progress: 50 }],
      },
    });
  }
  if (message.step === 'node.puppet_apply') {
    for (const progress of [30, 60, 90]) {
      await publish({
        method: 'deploy_resp',
        args: {
          task_uuid: message.task_uuid,
          nodes: [
            {
              uid: message.node_uid,
              status: 'deploying',
              progress,
              deployment_graph_task_name: message.params.task_name,
              task_status: 'running',
            },
          ],
        },
      });
    }
  }
}
