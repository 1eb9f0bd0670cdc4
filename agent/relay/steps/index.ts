/**
 * Runs one step message: picks the step's handler, runs it, and turns whatever it threw into
 * the contract's failure. Every step name of the contract has exactly one handler here.
 */
import type {
  StepMessage,
  StepMessageOf,
  StepName,
} from '../../../statemachines/contracts/index.js';
import { type StepOutcome, succeeded } from '../outcome.js';
import { removeSystem, type StepData, setNetboot, sync, upsertSystem } from './cobbler.js';
import type { StepEnvironment, StepRun } from './context.js';
import { failureOutcome } from './failure.js';
import { erase, reboot, uploadFileStep, waitProvisioned } from './node.js';
import { puppetApply, puppetsync, stopPuppet } from './puppet.js';

export {
  type CobblerPort,
  DEFAULT_STEP_TIMINGS,
  type StepEnvironment,
  type StepRun,
  type StepTimings,
} from './context.js';
export { failureOutcome } from './failure.js';

type StepHandler<S extends StepName> = (
  message: StepMessageOf<S>,
  env: StepEnvironment,
  run: StepRun,
) => Promise<StepData>;

const HANDLERS: { [S in StepName]: StepHandler<S> } = {
  'cobbler.upsert_system': upsertSystem,
  'cobbler.sync': sync,
  'cobbler.set_netboot': setNetboot,
  'cobbler.remove_system': removeSystem,
  'node.reboot': reboot,
  'node.wait_provisioned': waitProvisioned,
  'node.upload_file': uploadFileStep,
  'node.puppetsync': puppetsync,
  'node.puppet_apply': puppetApply,
  'node.erase': erase,
  'node.stop_puppet': stopPuppet,
};

/**
 * Runs `message` and resolves with its outcome; never rejects except with `StepAborted`
 * (the relay stops, or the token closed), after which nothing may be answered.
 */
export async function runStep(
  message: StepMessage,
  env: StepEnvironment,
  run: StepRun,
): Promise<StepOutcome> {
  // The union of handlers is indexed by the message's own step, so the pair always matches.
  const handler = HANDLERS[message.step] as StepHandler<StepName>;
  const started = Date.now();
  try {
    const data = await handler(message as StepMessageOf<StepName>, env, run);
    run.logger.info('step done', { duration_ms: Date.now() - started });
    return succeeded(data);
  } catch (error) {
    if (run.signal.aborted) throw run.signal.reason ?? error;
    const outcome = failureOutcome(error, message.step);
    run.logger.warn('step failed', { duration_ms: Date.now() - started, error });
    return outcome;
  }
}
