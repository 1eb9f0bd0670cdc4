import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MachineDefinition } from '../../statemachines/build/asl.js';
import { generateAslFiles } from '../../statemachines/build/files.js';
import {
  LONG_STEP_SECONDS,
  RELAY_TIMEOUT_SECONDS,
  STEPS_FUNCTION_RESOURCE,
} from '../../statemachines/build/policy.js';
import { MACHINE_NAMES, STEP_ACTIONS } from '../../statemachines/contracts/execution.js';
import { STEP_NAMES } from '../../statemachines/contracts/step-message.js';
import { RETRYABLE_RELAY_ERRORS } from '../../statemachines/contracts/step-result.js';
import { CONTRACT_VERSION } from '../../statemachines/contracts/version.js';
import { allStates, taskStates } from './support/asl-walk.js';
import { validateAsl } from './support/validate-asl.js';

const files = generateAslFiles();
const committed = (path: string) => readFileSync(path, 'utf8');
const definitionOf = (path: string) => JSON.parse(committed(path)) as MachineDefinition;

describe('the committed ASL files', () => {
  it('exist for every workflow and equal what the builders generate', () => {
    expect(files.map((f) => f.name)).toEqual([...MACHINE_NAMES]);
    for (const file of files) {
      expect(committed(file.path), `${file.name}: run npx tsx statemachines/build/write.ts`).toBe(
        file.content,
      );
    }
  });

  it.each(files)('$name passes asl-validator in JSONPath mode', ({ path }) => {
    const result = validateAsl(definitionOf(path));

    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('are rejected by the validator when a transition target is missing', () => {
    const broken = definitionOf(files[0]?.path ?? '');
    broken.States.Prepare = { ...broken.States.Prepare, Next: 'Nowhere' } as never;

    expect(validateAsl(broken).isValid).toBe(false);
  });

  it.each(files)('$name uses JSONPath only (no JSONata, no Variables)', ({ path }) => {
    const text = committed(path);

    for (const field of ['"QueryLanguage"', '"Assign"', '"Arguments"', '"Output"', '{%']) {
      expect(text).not.toContain(field);
    }
  });

  it.each(files)('$name names every state once, nested Maps included', ({ path }) => {
    const names = allStates(definitionOf(path)).map((s) => s.name);

    expect(new Set(names).size).toBe(names.length);
  });
});

describe('the Task states', () => {
  const tasks = files.flatMap((file) =>
    taskStates(definitionOf(file.path)).map((task) => ({ machine: file.name, ...task })),
  );

  it('all set TimeoutSeconds (aws-local-stepfunctions would use 60 s)', () => {
    for (const task of tasks) expect(task.state.TimeoutSeconds, task.name).toBeGreaterThan(0);
  });

  it('call the steps function by its placeholder, with a known action', () => {
    for (const task of tasks.filter((t) => t.kind === 'lambda')) {
      expect(task.state.Resource).toBe(STEPS_FUNCTION_RESOURCE);
      if (task.kind === 'lambda') expect(STEP_ACTIONS).toContain(task.action);
    }
  });

  it('send relay steps with a task token, the contract version and the execution name', () => {
    for (const task of tasks.filter((t) => t.kind === 'relay')) {
      expect(task.state.Parameters).toMatchObject({
        'QueueUrl.$': '$.queue_url',
        MessageBody: {
          version: CONTRACT_VERSION,
          'task_token.$': '$$.Task.Token',
          'correlation_id.$': '$$.Execution.Name',
        },
      });
    }
  });

  it("give relay steps Astute's timeouts, a heartbeat, retries of the retryable errors and a catch", () => {
    for (const task of tasks) {
      if (task.kind !== 'relay') continue;
      const { state } = task;
      const retried = state.Retry.flatMap((r) => r.ErrorEquals);

      expect(state.TimeoutSeconds, task.name).toBe(RELAY_TIMEOUT_SECONDS[task.step]);
      expect(state.HeartbeatSeconds).toBeLessThan(state.TimeoutSeconds);
      expect(retried).toEqual(expect.arrayContaining([...RETRYABLE_RELAY_ERRORS]));
      expect(retried.includes('States.Timeout')).toBe(state.TimeoutSeconds < LONG_STEP_SECONDS);
      expect(state.Catch?.[0]?.ErrorEquals).toEqual(['States.ALL']);
    }
  });

  it('cover every step of the contract and every action of the steps function', () => {
    const steps = new Set(tasks.flatMap((t) => (t.kind === 'relay' ? [t.step] : [])));
    const actions = new Set(tasks.flatMap((t) => (t.kind === 'lambda' ? [t.action] : [])));

    expect([...steps].sort()).toEqual([...STEP_NAMES].sort());
    expect([...actions].sort()).toEqual([...STEP_ACTIONS].sort());
  });
});

describe('the Map states', () => {
  it('bound the nodes in flight by the execution input, and run deploy groups one by one', () => {
    for (const file of files) {
      for (const { name, state } of allStates(definitionOf(file.path))) {
        if (state.Type !== 'Map') continue;
        if (name === 'StopGroups') expect(state.MaxConcurrency).toBe(0);
        else expect(state.MaxConcurrencyPath, name).toBe('$.max_concurrency');
      }
    }
    const deploy = allStates(definitionOf(files[0]?.path ?? '')).map((s) => s.name);
    expect(deploy).not.toContain('DeployGroups');
  });
});
