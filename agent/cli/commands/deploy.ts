import { expectPositionals, parseCommand, parseId } from '../args.js';
import { CliError } from '../errors.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliIo, say, sayJson } from '../io.js';
import { asTask } from '../live/progress-state.js';
import { reportOutcome, watchTask } from '../live/watch.js';
import { openClient } from '../session.js';
import type { Command } from './command.js';

interface TaskAction {
  name: string;
  summary: string;
  /** The route under `/api/v1/clusters/{id}`. */
  route: string;
}

const ACTIONS: readonly TaskAction[] = [
  { name: 'deploy', summary: "Deploy an environment's changes", route: 'changes' },
  { name: 'stop', summary: 'Stop a running deployment', route: 'stop_deployment' },
  { name: 'reset', summary: 'Reset an environment to new', route: 'reset' },
  { name: 'retry', summary: 'Retry the last failed run from its failed steps', route: 'retry' },
];

/** `fuel deploy`, `fuel stop`, `fuel reset`, `fuel retry`: start a task, then watch it live. */
export const taskActionCommands: Command[] = ACTIONS.map(actionCommand);

function actionCommand(action: TaskAction): Command {
  const usage = `usage: fuel ${action.name} --env ID [--no-wait] [--json]`;
  return {
    name: action.name,
    summary: action.summary,
    usage,
    run: async (args, io) => {
      const { values, positionals } = parseCommand(
        args,
        { env: { type: 'string' }, 'no-wait': { type: 'boolean' } },
        usage,
      );
      expectPositionals(positionals, 0, usage);
      const clusterId = parseId(values.env, '--env', usage);
      const wait = !values['no-wait'];
      return runAction(io, action, clusterId, { wait, json: values.json ?? false });
    },
  };
}

async function runAction(
  io: CliIo,
  action: TaskAction,
  clusterId: number,
  flags: { wait: boolean; json: boolean },
): Promise<ExitCode> {
  const client = await openClient(io);
  const { body } = await client.send<unknown>(
    'PUT',
    `/api/v1/clusters/${clusterId}/${action.route}`,
  );
  const task = asTask(body);
  if (!task) throw new CliError('the server answered no task', EXIT_CODES.refused);
  const finished = task.status === 'ready' || task.status === 'error';
  if (finished) return reportOutcome(io, { kind: 'finished', task, json: body }, flags.json);
  if (!flags.wait) {
    if (flags.json) sayJson(io, body);
    else say(io, `Started ${task.name} #${task.id} on environment ${clusterId}.`);
    return EXIT_CODES.ok;
  }
  if (!flags.json) say(io, `Started ${task.name} #${task.id} on environment ${clusterId}.`);
  const outcome = await watchTask({ io, client, clusterId, taskId: task.id, json: flags.json });

  return reportOutcome(io, outcome, flags.json);
}
