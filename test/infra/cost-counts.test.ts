import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aslFile } from '../../infra/aws/constructs/fuel-state-machines.js';
import { RELAY_RESOURCE, STEPS_FUNCTION_RESOURCE } from '../../statemachines/build/policy.js';

/**
 * The per-node counts the cost section of the README ("Deploying to AWS") multiplies by prices, read from
 * the committed deploy-changes workflow: on a node's success path, how many Lambda steps and
 * relay steps (each one SQS message) it takes, and how many the run takes besides.
 */
interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Next: string }[];
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
}

interface Counts {
  lambda: number;
  relay: number;
}

/**
 * Where a Choice goes in the counted run (new nodes, nothing to remove, one deploy group, no
 * failure): the first rule that does not lead to removal, a failure or another group.
 */
function chosen(state: State): string | undefined {
  const avoided = (next: string) =>
    next === 'RemoveNodes' || next.endsWith('Failed') || next === 'DeploySelectGroup';
  return state.Choices?.find((rule) => !avoided(rule.Next))?.Next ?? state.Default;
}

/** Walks the counted run's path through `states`, visiting each state once. */
function walk(states: Record<string, State>, start: string, visit: (state: State) => void) {
  let name: string | undefined = start;
  while (name) {
    const state: State | undefined = states[name];
    if (!state) throw new Error(`no state ${name}`);
    visit(state);
    name = state.Type === 'Choice' ? chosen(state) : state.Next;
  }
}

function countTasks(states: Record<string, State>, start: string): Counts & { perItem: Counts } {
  const counts = { lambda: 0, relay: 0, perItem: { lambda: 0, relay: 0 } };
  walk(states, start, (state) => {
    if (state.Resource === STEPS_FUNCTION_RESOURCE) counts.lambda++;
    if (state.Resource === RELAY_RESOURCE) counts.relay++;
    const processor = state.ItemProcessor;
    if (processor) {
      const inner = countTasks(processor.States, processor.StartAt);
      counts.perItem.lambda += inner.lambda;
      counts.perItem.relay += inner.relay;
    }
  });
  return counts;
}

describe('what one deployment costs, counted from deploy-changes', () => {
  const definition = JSON.parse(readFileSync(aslFile('deploy-changes'), 'utf8')) as {
    StartAt: string;
    States: Record<string, State>;
  };
  const counts = countTasks(definition.States, definition.StartAt);

  it('takes 4 Lambda steps and 7 relay steps per node on its success path', () => {
    expect(counts.perItem).toEqual({ lambda: 4, relay: 7 });
  });

  it('takes 5 Lambda steps and 1 relay step per run besides (one deploy group walked here)', () => {
    // prepare, finish_phase(provision), finish_phase(deploy_group) per group, finish_phase(deploy),
    // finish; and one cobbler.sync.
    expect({ lambda: counts.lambda, relay: counts.relay }).toEqual({ lambda: 5, relay: 1 });
  });
});
