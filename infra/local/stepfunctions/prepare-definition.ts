import { type AslObject, allStates, isObject } from './states.js';

/** The longest delay `setTimeout` keeps; a longer one fires at once. */
export const MAX_TIMER_SECONDS = 2_147_483;

/** Fields of JSONata definitions and Variables, which aws-local-stepfunctions 3.0.0 ignores. */
const UNSUPPORTED_FIELDS = ['Assign', 'Arguments', 'Output'] as const;

/**
 * A copy of `definition` adjusted so that aws-local-stepfunctions behaves as Step Functions:
 * - a Task without `TimeoutSeconds` waits as long as a timer can (AWS has no default; the
 *   library would fail it after 60 s), and longer timeouts are clamped to that;
 * - on a Task with `HeartbeatSeconds`, a `Retry` or `Catch` that lists `States.Timeout` also
 *   lists `States.HeartbeatTimeout`, since AWS reports a missed heartbeat as both;
 * - JSONata and Variables are refused, because the library would silently ignore them.
 */
export function prepareDefinition(definition: AslObject): AslObject {
  const copy = structuredClone(definition);
  if (copy.QueryLanguage === 'JSONata') throw new Error('JSONata is not supported locally');
  if (typeof copy.TimeoutSeconds === 'number') {
    copy.TimeoutSeconds = Math.min(copy.TimeoutSeconds, MAX_TIMER_SECONDS);
  }
  for (const { name, state } of allStates(copy)) {
    refuseUnsupported(name, state);
    if (state.Type !== 'Task') continue;
    if (state.TimeoutSecondsPath === undefined) {
      const timeout = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : Infinity;
      state.TimeoutSeconds = Math.min(timeout, MAX_TIMER_SECONDS);
    }
    if (state.HeartbeatSeconds !== undefined) matchHeartbeatAsTimeout(state);
  }

  return copy;
}

function refuseUnsupported(name: string, state: AslObject): void {
  if (state.QueryLanguage === 'JSONata') {
    throw new Error(`State "${name}": JSONata is not supported locally`);
  }
  const field = UNSUPPORTED_FIELDS.find((f) => state[f] !== undefined);
  if (field) throw new Error(`State "${name}": ${field} is not supported locally`);
}

function matchHeartbeatAsTimeout(state: AslObject): void {
  const rules = [state.Retry, state.Catch].flatMap((list) => (Array.isArray(list) ? list : []));
  for (const rule of rules) {
    if (!isObject(rule) || !Array.isArray(rule.ErrorEquals)) continue;
    const names: unknown[] = rule.ErrorEquals;
    if (names.includes('States.Timeout') && !names.includes('States.HeartbeatTimeout')) {
      names.push('States.HeartbeatTimeout');
    }
  }
}
