import type {
  MachineDefinition,
  State,
  States,
  SubMachine,
  TaskState,
} from '../../../statemachines/build/asl.js';
import { RELAY_RESOURCE } from '../../../statemachines/build/policy.js';
import type { StepAction } from '../../../statemachines/contracts/execution.js';
import type { StepName } from '../../../statemachines/contracts/step-message.js';

/** A state anywhere in a definition, nested Maps included. */
export interface FoundState {
  name: string;
  state: State;
}

/** Every state of a definition, depth first, duplicates kept. */
export function allStates(definition: MachineDefinition | SubMachine): FoundState[] {
  return walk(definition.States);
}

function walk(states: States): FoundState[] {
  return Object.entries(states).flatMap(([name, state]) =>
    state.Type === 'Map'
      ? [{ name, state }, ...walk(state.ItemProcessor.States)]
      : [{ name, state }],
  );
}

/** A Task state and what it calls. */
export type TaskInfo =
  | { name: string; state: TaskState; kind: 'lambda'; action: StepAction }
  | { name: string; state: TaskState; kind: 'relay'; step: StepName };

/** Every Task state of a definition, nested Maps included. */
export function taskStates(definition: MachineDefinition): TaskInfo[] {
  return allStates(definition).flatMap(({ name, state }): TaskInfo[] => {
    if (state.Type !== 'Task') return [];
    if (state.Resource === RELAY_RESOURCE) {
      const body = state.Parameters.MessageBody as { step: StepName };

      return [{ name, state, kind: 'relay', step: body.step }];
    }

    return [{ name, state, kind: 'lambda', action: state.Parameters.action as StepAction }];
  });
}
