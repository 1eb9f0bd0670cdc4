import { expectPositionals, parseCommand, parseId, parseOptionalId } from '../args.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliIo, say, sayJson } from '../io.js';
import { paletteFor } from '../render/colour.js';
import { formatDetails, formatTable, showValue, truncate } from '../render/table.js';
import { openClient } from '../session.js';
import { type Command, dispatch } from './command.js';

const USAGE = `usage: fuel task list [--env ID] [--json]
       fuel task show ID [--json]`;

/** A task as `GET /tasks` answers it. */
interface TaskJson {
  id: number;
  uuid: string;
  name: string;
  status: string;
  progress: number;
  message: string | null;
  cluster: number | null;
  parent_id: number | null;
  time_start: string | null;
  time_end: string | null;
  result: unknown;
}

/** `fuel task`: Nailgun's record of every operation. */
export const taskCommand: Command = {
  name: 'task',
  summary: 'List tasks, or show one',
  usage: USAGE,
  run: (args, io) => dispatch(args, io, USAGE, { list, show }),
};

async function list(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(args, { env: { type: 'string' } }, USAGE);
  expectPositionals(positionals, 0, USAGE);
  const clusterId = parseOptionalId(values.env, '--env', USAGE);
  const query = clusterId === undefined ? '' : `?cluster_id=${clusterId}`;
  const tasks = await (await openClient(io)).get<TaskJson[]>(`/api/v1/tasks/${query}`);
  if (values.json) {
    sayJson(io, tasks);
    return EXIT_CODES.ok;
  }
  const palette = paletteFor(io);
  say(
    io,
    formatTable(tasks, [
      { header: 'id', value: (t) => String(t.id), align: 'right' },
      { header: 'name', value: (t) => t.name },
      {
        header: 'status',
        value: (t) => t.status,
        style: (cell, t) => palette.status(t.status, cell),
      },
      { header: 'progress', value: (t) => `${t.progress}%`, align: 'right' },
      { header: 'env', value: (t) => showValue(t.cluster) },
      { header: 'parent', value: (t) => showValue(t.parent_id) },
      { header: 'message', value: (t) => truncate(t.message ?? '', 60) },
    ]),
  );

  return EXIT_CODES.ok;
}

async function show(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(args, {}, USAGE);
  expectPositionals(positionals, 1, USAGE);
  const id = parseId(positionals[0], 'ID', USAGE);
  const task = await (await openClient(io)).get<TaskJson>(`/api/v1/tasks/${id}`);
  if (values.json) {
    sayJson(io, task);
    return EXIT_CODES.ok;
  }
  say(
    io,
    formatDetails([
      ['id', String(task.id)],
      ['uuid', task.uuid],
      ['name', task.name],
      ['status', paletteFor(io).status(task.status)],
      ['progress', `${task.progress}%`],
      ['env', showValue(task.cluster)],
      ['parent', showValue(task.parent_id)],
      ['started', showValue(task.time_start)],
      ['ended', showValue(task.time_end)],
      ['message', task.message ?? '-'],
    ]),
  );

  return EXIT_CODES.ok;
}
