import { MACHINE_ERRORS, type MachineErrorName, type MachineName } from '../contracts/execution.js';
import type { MachineDefinition, States } from './asl.js';
import { deployPhase } from './phases/deploy.js';
import { provisionPhase } from './phases/provision.js';
import { stopPhase } from './phases/stop.js';
import { removePhase, resetPhase } from './phases/wipe.js';
import { endings, type NextPhase, type Phase, prepare, raise, route, TOP } from './top-level.js';

const ROUTE_AFTER_PREPARE = 'RouteAfterPrepare';

/** The sequence phases of deploy-changes and of its single-phase siblings. */
type SequencePhase = 'remove' | 'provision' | 'deploy';

interface SequenceStep {
  /** Where the phase starts and which plan part it needs. */
  entry: NextPhase;
  build: (exit: string) => Phase;
  /** The Choice after the phase and the state that raises its failure. */
  route: string;
  failed: string;
  error: MachineErrorName;
}

const SEQUENCE: Record<SequencePhase, SequenceStep> = {
  remove: {
    entry: { planPath: '$.plan.remove', start: 'RemoveNodes' },
    build: removePhase,
    route: 'RouteAfterRemove',
    failed: 'RemoveFailed',
    error: MACHINE_ERRORS.removeFailed,
  },
  provision: {
    entry: { planPath: '$.plan.provision', start: 'ProvisionRecords' },
    build: provisionPhase,
    route: 'RouteAfterProvision',
    failed: 'ProvisionFailed',
    error: MACHINE_ERRORS.provisionFailed,
  },
  deploy: {
    entry: {
      planPath: '$.plan.deploy',
      start: 'DeployStart',
      // The group loop needs a first group; a deploy part without groups has no work.
      when: { Variable: '$.plan.deploy.groups[0]', IsPresent: true },
    },
    build: deployPhase,
    route: 'RouteAfterDeploy',
    failed: 'DeployFailed',
    error: MACHINE_ERRORS.deployFailed,
  },
};

/** The states of one sequence phase and of the Choice after it (which fails or moves on). */
function sequenceStates(phase: SequencePhase, later: SequencePhase[]): States {
  const step = SEQUENCE[phase];

  return {
    ...step.build(step.route).states,
    [step.route]: route({
      comment: `After ${phase}: abort on failure, else the next phase with work.`,
      failedTo: step.failed,
      candidates: later.map((p) => SEQUENCE[p].entry),
    }),
    [step.failed]: raise(step.error, { Cause: `The ${phase} phase has failed nodes` }),
  };
}

/** Prepare, then the given phases in order, each skipped when the plan has nothing for it. */
function sequenceMachine(comment: string, phases: SequencePhase[]): MachineDefinition {
  const states: States = {
    [ROUTE_AFTER_PREPARE]: route({
      comment: 'The first phase with work.',
      candidates: phases.map((p) => SEQUENCE[p].entry),
    }),
  };
  phases.forEach((phase, index) => {
    Object.assign(states, sequenceStates(phase, phases.slice(index + 1)));
  });

  return {
    Comment: comment,
    StartAt: TOP.prepare,
    States: { ...prepare(ROUTE_AFTER_PREPARE), ...states, ...endings() },
  };
}

function resetMachine(): MachineDefinition {
  const phase = resetPhase(TOP.finish);

  return {
    Comment: 'Environment reset: wipes every node back to bootstrap.',
    StartAt: TOP.prepare,
    States: {
      ...prepare(ROUTE_AFTER_PREPARE),
      [ROUTE_AFTER_PREPARE]: route({
        comment: 'Nothing to reset when the plan has no nodes.',
        candidates: [{ planPath: '$.plan.remove', start: phase.start }],
      }),
      ...phase.states,
      ...endings(),
    },
  };
}

function stopMachine(): MachineDefinition {
  const phase = stopPhase(TOP.finish);

  return {
    Comment: 'Stop deployment: stops Puppet on deploying nodes and erases provisioning ones.',
    StartAt: TOP.prepare,
    States: {
      ...prepare(ROUTE_AFTER_PREPARE),
      [ROUTE_AFTER_PREPARE]: route({
        comment: 'Deploying nodes if any, else provisioning ones.',
        candidates: [
          { planPath: '$.plan.deploy', start: 'StopFromDeploy' },
          { planPath: '$.plan.provision', start: 'StopFromProvision' },
        ],
      }),
      ...phase.states,
      ...endings(),
    },
  };
}

/** Builds each workflow's definition. */
export const MACHINES: Record<MachineName, () => MachineDefinition> = {
  'deploy-changes': () =>
    sequenceMachine('Deploy changes: remove, then provision, then deploy.', [
      'remove',
      'provision',
      'deploy',
    ]),
  provision: () => sequenceMachine('Provision nodes.', ['provision']),
  deploy: () => sequenceMachine('Deploy nodes, group by group.', ['deploy']),
  'remove-nodes': () => sequenceMachine('Remove nodes from an environment.', ['remove']),
  stop: stopMachine,
  reset: resetMachine,
};

/** The definition of one workflow. */
export function buildMachine(name: MachineName): MachineDefinition {
  return MACHINES[name]();
}
