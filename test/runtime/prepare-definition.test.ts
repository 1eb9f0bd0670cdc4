import { describe, expect, it } from 'vitest';
import {
  MAX_TIMER_SECONDS,
  prepareDefinition,
} from '../../infra/local/stepfunctions/prepare-definition.js';
import { substitutePlaceholders } from '../../infra/local/stepfunctions/substitute.js';
import { findTaskStates } from '../../infra/local/stepfunctions/task-states.js';
import { loadFixture } from './support/fixtures.js';

function task(extra: Record<string, unknown> = {}) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    End: true,
    ...extra,
  };
}

/** `${name}` as CloudFormation writes a placeholder (built so no linter takes it for a typo). */
const ph = (name: string) => `\${${name}}`;

describe('substitutePlaceholders', () => {
  it('replaces every placeholder in the strings of the definition', () => {
    const definition = { a: ph('Fn'), b: [`x-${ph('Fn')}-${ph('Queue')}`], c: { d: '$.path' } };

    const result = substitutePlaceholders(definition, { Fn: 'arn:fn', Queue: 'q' });

    expect(result).toEqual({ a: 'arn:fn', b: ['x-arn:fn-q'], c: { d: '$.path' } });
    expect(definition.a).toBe(ph('Fn'));
  });

  it('refuses a placeholder without a value', () => {
    expect(() => substitutePlaceholders({ a: ph('Missing') }, {})).toThrow(ph('Missing'));
  });
});

describe('findTaskStates', () => {
  it('finds Task states inside Map item processors and classifies their resources', () => {
    const definition = substitutePlaceholders(loadFixture('map-relay'), {
      StepsFunctionArn: 'arn:fn',
    });

    const tasks = findTaskStates(definition as Record<string, unknown>);

    expect([...tasks.values()].map((t) => [t.name, t.kind])).toEqual([
      ['Plan', 'function'],
      ['NodeFacts', 'function'],
      ['Configure', 'relay'],
      ['NodeDone', 'function'],
      ['NodeFailed', 'function'],
      ['Finish', 'function'],
    ]);
    expect(tasks.get('Configure')).toMatchObject({ timeoutSeconds: 60, heartbeatSeconds: 30 });
  });

  it('finds Task states inside Parallel branches', () => {
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Left', States: { Left: task() } },
            { StartAt: 'Right', States: { Right: task() } },
          ],
        },
      },
    };

    expect([...findTaskStates(definition).keys()]).toEqual(['Left', 'Right']);
  });

  it('refuses two Task states of one name', () => {
    const definition = {
      StartAt: 'Each',
      States: {
        Step: task(),
        Each: {
          Type: 'Map',
          End: true,
          ItemProcessor: { StartAt: 'Step', States: { Step: task() } },
        },
      },
    };

    expect(() => findTaskStates(definition)).toThrow('"Step" is used twice');
  });

  it('refuses a service integration it cannot serve', () => {
    const definition = {
      StartAt: 'Put',
      States: { Put: task({ Resource: 'arn:aws:states:::dynamodb:putItem' }) },
    };

    expect(() => findTaskStates(definition)).toThrow('dynamodb:putItem is not supported');
  });
});

describe('prepareDefinition', () => {
  it('gives a Task without TimeoutSeconds the longest timer instead of 60 s', () => {
    const definition = {
      StartAt: 'A',
      States: { A: task(), B: task({ TimeoutSeconds: 10 ** 9 }) },
    };

    const prepared = prepareDefinition(definition) as {
      States: Record<string, { TimeoutSeconds: number }>;
    };

    expect(prepared.States.A?.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(prepared.States.B?.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(definition.States.A).not.toHaveProperty('TimeoutSeconds');
  });

  it('lets States.Timeout match a missed heartbeat on a Task with HeartbeatSeconds', () => {
    const rule = { ErrorEquals: ['States.Timeout'], Next: 'B' };
    const definition = {
      StartAt: 'A',
      States: { A: task({ HeartbeatSeconds: 5, Catch: [rule], Retry: [{ ErrorEquals: ['X'] }] }) },
    };

    const prepared = prepareDefinition(definition) as {
      States: { A: { Catch: { ErrorEquals: string[] }[]; Retry: { ErrorEquals: string[] }[] } };
    };

    expect(prepared.States.A.Catch[0]?.ErrorEquals).toEqual([
      'States.Timeout',
      'States.HeartbeatTimeout',
    ]);
    expect(prepared.States.A.Retry[0]?.ErrorEquals).toEqual(['X']);
  });

  it('refuses JSONata and Variables, which the library would ignore', () => {
    expect(() => prepareDefinition({ QueryLanguage: 'JSONata', StartAt: 'A', States: {} })).toThrow(
      'JSONata',
    );
    expect(() =>
      prepareDefinition({ StartAt: 'A', States: { A: task({ Assign: { x: 1 } }) } }),
    ).toThrow('Assign');
  });
});
