/** A JSON object of an ASL definition, read without trusting its shape. */
export type AslObject = Record<string, unknown>;

/** One state of a definition, wherever it is nested. */
export interface VisitedState {
  name: string;
  state: AslObject;
  /** Where it sits, e.g. `Provision/ItemProcessor` for a state inside a Map. */
  scope: string;
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is AslObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every state of `definition`, the states of Map item processors (`ItemProcessor` or the older
 * `Iterator`) and Parallel branches included, in definition order.
 */
export function allStates(definition: AslObject, scope = ''): VisitedState[] {
  const states = isObject(definition.States) ? definition.States : {};

  return Object.entries(states).flatMap(([name, state]) => {
    if (!isObject(state)) return [];
    const here = scope ? `${scope}/${name}` : name;

    return [{ name, state, scope }, ...nestedStates(state, here)];
  });
}

function nestedStates(state: AslObject, scope: string): VisitedState[] {
  const processor = state.ItemProcessor ?? state.Iterator;
  if (state.Type === 'Map' && isObject(processor)) {
    return allStates(processor, `${scope}/ItemProcessor`);
  }
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    return state.Branches.flatMap((branch, i) =>
      isObject(branch) ? allStates(branch, `${scope}/Branches/${i}`) : [],
    );
  }

  return [];
}
