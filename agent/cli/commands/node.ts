import {
  expectPositionals,
  parseCommand,
  parseId,
  parseIdList,
  parseOptionalId,
  splitList,
} from '../args.js';
import { usageError } from '../errors.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliIo, say, sayJson } from '../io.js';
import { paletteFor } from '../render/colour.js';
import { formatTable } from '../render/table.js';
import { openClient } from '../session.js';
import { type Command, dispatch } from './command.js';

const USAGE = `usage: fuel node list [--env ID] [--json]
       fuel node assign --env ID --node IDS --roles ROLE[,ROLE...] [--json]
       fuel node unassign --env ID --node IDS [--json]
IDS is a comma-separated list of node ids, e.g. 1,2,3.`;

/** A node as `GET /nodes` answers it (the fields shown). */
interface NodeJson {
  id: number;
  hostname: string;
  status: string;
  online: boolean;
  cluster: number | null;
  roles: string[];
  pending_roles: string[];
  ip: string | null;
  mac: string;
  progress: number;
}

/** `fuel node`: nodes, and their place and roles in environments. */
export const nodeCommand: Command = {
  name: 'node',
  summary: 'List nodes; assign them to an environment with roles, or take them out',
  usage: USAGE,
  run: (args, io) => dispatch(args, io, USAGE, { list, assign, unassign }),
};

async function list(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(args, { env: { type: 'string' } }, USAGE);
  expectPositionals(positionals, 0, USAGE);
  const clusterId = parseOptionalId(values.env, '--env', USAGE);
  const query = clusterId === undefined ? '' : `?cluster_id=${clusterId}`;
  const nodes = await (await openClient(io)).get<NodeJson[]>(`/api/v1/nodes/${query}`);
  if (values.json) {
    sayJson(io, nodes);
    return EXIT_CODES.ok;
  }
  const palette = paletteFor(io);
  say(
    io,
    formatTable(nodes, [
      { header: 'id', value: (n) => String(n.id), align: 'right' },
      { header: 'hostname', value: (n) => n.hostname },
      {
        header: 'status',
        value: (n) => n.status,
        style: (cell, n) => palette.status(n.status, cell),
      },
      { header: 'online', value: (n) => (n.online ? 'yes' : 'no') },
      { header: 'env', value: (n) => (n.cluster === null ? '-' : String(n.cluster)) },
      { header: 'roles', value: (n) => n.roles.join(',') || '-' },
      { header: 'pending roles', value: (n) => n.pending_roles.join(',') || '-' },
      { header: 'ip', value: (n) => n.ip ?? '-' },
      { header: 'mac', value: (n) => n.mac },
    ]),
  );

  return EXIT_CODES.ok;
}

async function assign(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(
    args,
    { env: { type: 'string' }, node: { type: 'string' }, roles: { type: 'string' } },
    USAGE,
  );
  expectPositionals(positionals, 0, USAGE);
  const clusterId = parseId(values.env, '--env', USAGE);
  const ids = parseIdList(values.node, '--node', USAGE);
  const roles = splitList(values.roles);
  if (roles.length === 0) throw usageError('--roles is required', USAGE);
  const client = await openClient(io);
  const { body } = await client.send<unknown>(
    'POST',
    `/api/v1/clusters/${clusterId}/assignment/`,
    ids.map((id) => ({ id, roles })),
  );
  if (values.json) sayJson(io, body);
  else say(io, `Assigned ${nodes(ids)} to environment ${clusterId} as ${roles.join(', ')}.`);

  return EXIT_CODES.ok;
}

async function unassign(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(
    args,
    { env: { type: 'string' }, node: { type: 'string' } },
    USAGE,
  );
  expectPositionals(positionals, 0, USAGE);
  const clusterId = parseId(values.env, '--env', USAGE);
  const ids = parseIdList(values.node, '--node', USAGE);
  const client = await openClient(io);
  const { body } = await client.send<unknown>(
    'POST',
    `/api/v1/clusters/${clusterId}/unassignment/`,
    ids.map((id) => ({ id })),
  );
  if (values.json) sayJson(io, body);
  else say(io, `Took ${nodes(ids)} out of environment ${clusterId}.`);

  return EXIT_CODES.ok;
}

function nodes(ids: number[]): string {
  return `${ids.length === 1 ? 'node' : 'nodes'} ${ids.join(', ')}`;
}
