import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { StepAborted } from '../../agent/relay/errors.js';
import { createMemoryJournal, type StepJournal } from '../../agent/relay/idempotency.js';
import { noopRelayLogger } from '../../agent/relay/logger.js';
import { type StepOutcome, succeeded } from '../../agent/relay/outcome.js';
import {
  type RunnerHandle,
  type RunnerSettings,
  type StepHandler,
  startRunner,
} from '../../agent/relay/runner.js';
import type { StepTransport } from '../../agent/relay/transport/step-transport.js';
import { LocalQueue } from '../../infra/local/queue/local-queue.js';
import { createLocalTransport } from '../../infra/local/queue/local-transport.js';
import { type RegisterOptions, TokenRegistry } from '../../infra/local/queue/token-registry.js';
import { encodeCause } from '../../statemachines/contracts/index.js';
import { type Answer, eventually, FAST_RUNNER, stepMessage } from './support/relay-harness.js';

const SYNC = { step: 'cobbler.sync', params: {} };

/** A queue, a token registry and runners on them, all torn down after each test. */
function setup() {
  const queue = new LocalQueue();
  const queueUrl = `http://localhost/queue/runner-${randomUUID()}`;
  const tokens = new TokenRegistry();
  const transport = createLocalTransport({ queue, tokens, queueUrl });
  const runners: RunnerHandle[] = [];
  const start = (
    handle: StepHandler,
    options: {
      settings?: Partial<RunnerSettings>;
      transport?: StepTransport;
      journal?: StepJournal;
    } = {},
  ) => {
    const runner = startRunner({
      transport: options.transport ?? transport,
      journal: options.journal ?? createMemoryJournal(),
      handle,
      logger: noopRelayLogger,
      settings: { ...FAST_RUNNER, ...options.settings },
    });
    runners.push(runner);
    return runner;
  };
  const submit = (step: Record<string, unknown>, register: RegisterOptions = {}) => {
    const token = `token-${randomUUID()}`;
    const answer = tokens.register(token, register).then(
      (output): Answer => ({ ok: true, output }),
      (error: Error): Answer => ({
        ok: false,
        error: error.name,
        cause: error.message,
        decoded: 0,
      }),
    );
    queue.send(queueUrl, JSON.stringify(stepMessage(token, step)));
    return answer;
  };
  const depth = () => queue.depth(queueUrl);
  const close = async () => {
    for (const runner of runners) await runner.kill();
    queue.close();
  };
  return { queue, queueUrl, tokens, transport, start, submit, depth, close };
}

let current: ReturnType<typeof setup> | undefined;
function harness() {
  current = setup();
  return current;
}

afterEach(async () => {
  await current?.close();
  current = undefined;
});

const done: StepHandler = async () => succeeded({ answered: true });

describe('relay runner', () => {
  it('answers a step with success and then deletes its message', async () => {
    const t = harness();
    t.start(done);

    const answer = await t.submit(SYNC);

    expect(answer).toEqual({ ok: true, output: { status: 'done', data: { answered: true } } });
    await eventually(() => t.depth().inFlight === 0);
    expect(t.depth()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('answers a failure with the contract name and encoded cause', async () => {
    const t = harness();
    const cause = encodeCause({ error_type: 'provision', message: 'Cobbler refused' });
    t.start(
      async (): Promise<StepOutcome> => ({ kind: 'failure', error: 'Relay.StepFailed', cause }),
    );

    const answer = await t.submit(SYNC);

    expect(answer).toMatchObject({ ok: false, error: 'Relay.StepFailed', cause });
    await eventually(() => t.depth().inFlight === 0);
  });

  it('keeps a long step alive with heartbeats and hides its message meanwhile', async () => {
    const t = harness();
    let runs = 0;
    t.start(
      async () => {
        runs += 1;
        await sleep(700);
        return succeeded();
      },
      { settings: { visibilityTimeoutSeconds: 0.2, heartbeatIntervalMs: 40 } },
    );

    const answer = await t.submit(SYNC, { heartbeatSeconds: 0.15 });

    expect(answer).toMatchObject({ ok: true });
    expect(runs).toBe(1);
  });

  it('works on at most maxInFlight steps at once', async () => {
    const t = harness();
    let running = 0;
    let most = 0;
    t.start(
      async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(40);
        running -= 1;
        return succeeded();
      },
      { settings: { maxInFlight: 2 } },
    );

    const answers = await Promise.all(Array.from({ length: 7 }, () => t.submit(SYNC)));

    expect(answers.every((a) => a.ok)).toBe(true);
    expect(most).toBe(2);
  });

  it('deletes the message when the task token is already closed', async () => {
    const t = harness();
    let runs = 0;
    t.start(async () => {
      runs += 1;
      return succeeded();
    });

    t.queue.send(t.queueUrl, JSON.stringify(stepMessage('token-never-registered', SYNC)));
    await eventually(() => runs === 1 && t.depth().inFlight === 0 && t.depth().visible === 0);
    await sleep(1_200);

    expect(runs).toBe(1);
    expect(t.depth()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('aborts a step whose token closes while it runs, and drops its message', async () => {
    const t = harness();
    let reason: unknown;
    t.start(
      (_message, run) =>
        new Promise<StepOutcome>((_resolve, reject) => {
          run.signal.addEventListener('abort', () => {
            reason = run.signal.reason;
            reject(run.signal.reason);
          });
        }),
    );

    const answer = await t.submit(SYNC, { timeoutSeconds: 0.1 });
    await eventually(() => reason !== undefined && t.depth().inFlight === 0);

    expect(answer).toMatchObject({ ok: false, error: 'States.Timeout' });
    expect(reason).toBeInstanceOf(StepAborted);
    expect((reason as StepAborted).reason).toBe('token_closed');
    expect(t.depth()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('drops a message that is not JSON without running anything', async () => {
    const t = harness();
    let runs = 0;
    t.start(async () => {
      runs += 1;
      return succeeded();
    });

    t.queue.send(t.queueUrl, '{not json');
    await eventually(() => t.depth().visible === 0 && t.depth().inFlight === 0);

    expect(runs).toBe(0);
  });

  it('refuses an invalid step with Relay.InvalidStep when its token can be read', async () => {
    const t = harness();
    let runs = 0;
    t.start(async () => {
      runs += 1;
      return succeeded();
    });

    const unknownStep = await t.submit({ step: 'node.dance', params: {} });
    const missingNode = await t.submit({ step: 'node.erase', params: { reboot: true } });
    const oldVersion = await t.submit({ ...SYNC, version: 0 });
    await eventually(() => t.depth().inFlight === 0);

    for (const answer of [unknownStep, missingNode, oldVersion]) {
      expect(answer).toMatchObject({ ok: false, error: 'Relay.InvalidStep' });
    }
    expect(unknownStep.ok === false && JSON.parse(unknownStep.cause)).toEqual({
      message: expect.stringMatching(/^Invalid step message: step: /),
    });
    expect(runs).toBe(0);
  });

  it('turns a step that throws into Relay.StepFailed', async () => {
    const t = harness();
    t.start(async () => {
      throw new TypeError('cannot read properties of undefined');
    });

    const answer = await t.submit(SYNC);

    expect(answer).toMatchObject({ ok: false, error: 'Relay.StepFailed' });
    expect(answer.ok === false && JSON.parse(answer.cause)).toEqual({
      message: 'Relay error: cannot read properties of undefined',
    });
  });

  it('polls again with backoff after the queue could not be reached', async () => {
    const t = harness();
    let failures = 2;
    const flaky: StepTransport = {
      ...t.transport,
      receive: (options) => {
        if (failures-- > 0) return Promise.reject(new Error('getaddrinfo EAI_AGAIN sqs'));
        return t.transport.receive(options);
      },
    };
    t.start(done, { transport: flaky });

    const answer = await t.submit(SYNC);

    expect(answer).toMatchObject({ ok: true });
    expect(failures).toBeLessThan(0);
  });

  it('sends an answer again after Step Functions could not be reached', async () => {
    const t = harness();
    let failures = 1;
    const flaky: StepTransport = {
      ...t.transport,
      sendTaskSuccess: (token, output) => {
        if (failures-- > 0) return Promise.reject(new Error('socket hang up'));
        return t.transport.sendTaskSuccess(token, output);
      },
    };
    t.start(done, { transport: flaky });

    const answer = await t.submit(SYNC);

    expect(answer).toMatchObject({ ok: true });
    await eventually(() => t.depth().inFlight === 0);
  });

  it('lets a running step finish when stopped with a grace time', async () => {
    const t = harness();
    let started = false;
    const runner = t.start(async () => {
      started = true;
      await sleep(100);
      return succeeded();
    });
    const answer = t.submit(SYNC);
    await eventually(() => started);

    await runner.stop({ graceMs: 2_000 });

    expect(await answer).toMatchObject({ ok: true });
    expect(runner.inFlight).toBe(0);
  });

  it('leaves the message for redelivery when the journal cannot be written', async () => {
    const t = harness();
    const memory = createMemoryJournal();
    let writeFailures = 1;
    const journal: StepJournal = {
      ...memory,
      record: (token, outcome) => {
        if (writeFailures-- > 0) return Promise.reject(new Error('ENOSPC: no space left'));
        return memory.record(token, outcome);
      },
    };
    let runs = 0;
    t.start(
      async () => {
        runs += 1;
        return succeeded();
      },
      { journal },
    );

    const answer = await t.submit(SYNC);

    expect(answer).toMatchObject({ ok: true });
    expect(runs).toBe(2);
  });
});
