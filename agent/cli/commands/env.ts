import { expectPositionals, parseCommand, parseId, parseOptionalId } from '../args.js';
import { CliError, usageError } from '../errors.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { ApiClient } from '../http.js';
import { type CliIo, say, sayJson } from '../io.js';
import { asTask } from '../live/progress-state.js';
import { reportOutcome, watchTask } from '../live/watch.js';
import { paletteFor } from '../render/colour.js';
import { formatDetails, formatTable, showValue } from '../render/table.js';
import { openClient } from '../session.js';
import { type Command, dispatch } from './command.js';

const USAGE = `usage: fuel env list [--json]
       fuel env show ID [--json]
       fuel env create NAME [--release ID] [--json]
       fuel env delete ID [--wait] [--json]`;

/** An environment as `GET /clusters` answers it (the fields shown). */
interface ClusterJson {
  id: number;
  name: string;
  status: string;
  mode: string;
  release_id: number;
  net_provider: string;
  fuel_version: string;
  is_locked: boolean;
  changes: { name: string; node_id: number | null }[];
}

interface ReleaseJson {
  id: number;
  name: string;
  is_deployable: boolean;
}

/** `fuel env`: environments (Nailgun's clusters). */
export const envCommand: Command = {
  name: 'env',
  summary: 'List, show, create and delete environments',
  usage: USAGE,
  run: (args, io) => dispatch(args, io, USAGE, { list, show, create, delete: remove }),
};

async function list(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(args, {}, USAGE);
  expectPositionals(positionals, 0, USAGE);
  const clusters = await (await openClient(io)).get<ClusterJson[]>('/api/v1/clusters/');
  if (values.json) {
    sayJson(io, clusters);
    return EXIT_CODES.ok;
  }
  const palette = paletteFor(io);
  say(
    io,
    formatTable(clusters, [
      { header: 'id', value: (c) => String(c.id), align: 'right' },
      { header: 'name', value: (c) => c.name },
      {
        header: 'status',
        value: (c) => c.status,
        style: (cell, c) => palette.status(c.status, cell),
      },
      { header: 'release', value: (c) => String(c.release_id), align: 'right' },
      { header: 'net', value: (c) => c.net_provider },
      { header: 'changes', value: (c) => String(c.changes.length), align: 'right' },
    ]),
  );

  return EXIT_CODES.ok;
}

async function show(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(args, {}, USAGE);
  expectPositionals(positionals, 1, USAGE);
  const id = parseId(positionals[0], 'ID', USAGE);
  const cluster = await (await openClient(io)).get<ClusterJson>(`/api/v1/clusters/${id}`);
  if (values.json) {
    sayJson(io, cluster);
    return EXIT_CODES.ok;
  }
  const changes = cluster.changes.map((c) => (c.node_id ? `${c.name}:${c.node_id}` : c.name));
  say(
    io,
    formatDetails([
      ['id', String(cluster.id)],
      ['name', cluster.name],
      ['status', paletteFor(io).status(cluster.status)],
      ['mode', cluster.mode],
      ['release', String(cluster.release_id)],
      ['net provider', cluster.net_provider],
      ['fuel version', cluster.fuel_version],
      ['locked', showValue(cluster.is_locked)],
      ['changes', changes.join(', ') || '-'],
    ]),
  );

  return EXIT_CODES.ok;
}

async function create(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(args, { release: { type: 'string' } }, USAGE);
  expectPositionals(positionals, 1, USAGE);
  const name = positionals[0];
  if (!name) throw usageError('NAME is required', USAGE);
  const client = await openClient(io);
  const releaseId =
    parseOptionalId(values.release, '--release', USAGE) ?? (await defaultRelease(client));
  const { body } = await client.send<ClusterJson>('POST', '/api/v1/clusters/', {
    name,
    release_id: releaseId,
  });
  if (values.json) sayJson(io, body);
  else say(io, `Created environment ${body.id} '${body.name}' on release ${body.release_id}.`);

  return EXIT_CODES.ok;
}

/** The release to use when none is named: the only deployable one, or the newest of them. */
async function defaultRelease(client: ApiClient): Promise<number> {
  const releases = await client.get<ReleaseJson[]>('/api/v1/releases/');
  const deployable = releases.filter((r) => r.is_deployable).sort((a, b) => b.id - a.id);
  const chosen = deployable[0];
  if (!chosen)
    throw new CliError('no deployable release: name one with --release', EXIT_CODES.refused);

  return chosen.id;
}

async function remove(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(args, { wait: { type: 'boolean' } }, USAGE);
  expectPositionals(positionals, 1, USAGE);
  const clusterId = parseId(positionals[0], 'ID', USAGE);
  const json = values.json ?? false;
  const client = await openClient(io);
  const { body } = await client.send<unknown>('DELETE', `/api/v1/clusters/${clusterId}`);
  const task = asTask(body);
  if (!task || task.status === 'ready' || task.status === 'error' || !values.wait) {
    if (json) sayJson(io, body);
    else say(io, task?.message || `Deleting environment ${clusterId} (task #${task?.id ?? '?'}).`);
    return task?.status === 'error' ? EXIT_CODES.failed : EXIT_CODES.ok;
  }
  if (!json) say(io, `Deleting environment ${clusterId} (task #${task.id}).`);
  const outcome = await watchTask({ io, client, clusterId, taskId: task.id, json });
  if (outcome.kind === 'gone' && !json) {
    say(io, `Environment ${clusterId} is deleted.`);
    return EXIT_CODES.ok;
  }

  return reportOutcome(io, outcome, json);
}
