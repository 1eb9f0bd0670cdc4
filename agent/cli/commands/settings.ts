import { parseCommand, parseId } from '../args.js';
import { CliError, usageError } from '../errors.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliIo, say, sayJson } from '../io.js';
import { formatTable, showValue, truncate } from '../render/table.js';
import { openClient } from '../session.js';
import { type Command, dispatch } from './command.js';

const USAGE = `usage: fuel settings get --env ID [--group GROUP] [--json]
       fuel settings set --env ID GROUP.ATTR=VALUE... [--json]
A VALUE is read as JSON when it parses (true, 3, ["a"]), else as text.`;

type Group = Record<string, unknown>;

/** `GET /clusters/{id}/attributes`: the settings groups under `editable`. */
interface Attributes {
  editable: Record<string, Group>;
}

interface Setting {
  group: string;
  name: string;
  value: unknown;
  label: string;
}

/** `fuel settings`: an environment's settings (`/clusters/{id}/attributes`). */
export const settingsCommand: Command = {
  name: 'settings',
  summary: "Read and change an environment's settings",
  usage: USAGE,
  run: (args, io) => dispatch(args, io, USAGE, { get, set }),
};

async function get(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(
    args,
    { env: { type: 'string' }, group: { type: 'string' } },
    USAGE,
  );
  if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`, USAGE);
  const clusterId = parseId(values.env, '--env', USAGE);
  const attributes = await (await openClient(io)).get<Attributes>(
    `/api/v1/clusters/${clusterId}/attributes`,
  );
  const groups =
    values.group === undefined ? attributes.editable : pickGroup(attributes, values.group);
  if (values.json) {
    sayJson(io, values.group === undefined ? attributes : groups[values.group]);
    return EXIT_CODES.ok;
  }
  say(io, settingsTable(listSettings(groups), io.columns ?? 100));

  return EXIT_CODES.ok;
}

async function set(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(args, { env: { type: 'string' } }, USAGE);
  const clusterId = parseId(values.env, '--env', USAGE);
  if (positionals.length === 0) throw usageError('GROUP.ATTR=VALUE is required', USAGE);
  const changes = positionals.map(parseAssignment);
  const client = await openClient(io);
  const path = `/api/v1/clusters/${clusterId}/attributes`;
  const current = await client.get<Attributes>(path);
  for (const change of changes) requireSetting(current, change.group, change.name);
  const editable: Record<string, Record<string, { value: unknown }>> = {};
  for (const { group, name, value } of changes) {
    editable[group] = { ...editable[group], [name]: { value } };
  }
  const { body } = await client.send<Attributes>('PATCH', path, { editable });
  if (values.json) {
    sayJson(io, body);
    return EXIT_CODES.ok;
  }
  for (const { group, name } of changes) {
    const after = body.editable[group]?.[name] as { value?: unknown } | undefined;
    say(io, `${group}.${name} = ${showValue(after?.value)}`);
  }

  return EXIT_CODES.ok;
}

/** `group.attr=value`, the value parsed as JSON when it can be. */
export function parseAssignment(text: string): { group: string; name: string; value: unknown } {
  const match = /^([^.=\s]+)\.([^=\s]+)=(.*)$/s.exec(text);
  if (!match) throw usageError(`'${text}' is not GROUP.ATTR=VALUE`, USAGE);
  const [, group = '', name = '', raw = ''] = match;
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: the text itself is the value (a name, a URL, a word).
  }

  return { group, name, value };
}

function pickGroup(attributes: Attributes, name: string): Record<string, Group> {
  const group = Object.hasOwn(attributes.editable, name) ? attributes.editable[name] : undefined;
  if (!group) {
    const known = Object.keys(attributes.editable).sort().join(', ');
    throw new CliError(`no settings group '${name}' (groups: ${known})`, EXIT_CODES.refused);
  }

  return { [name]: group };
}

/** Refuses a misspelt name: the API would store it as a new setting nobody reads. */
function requireSetting(attributes: Attributes, group: string, name: string): void {
  pickGroup(attributes, group);
  const entry = attributes.editable[group]?.[name];
  if (name === 'metadata' || !isSetting(entry)) {
    throw new CliError(`no setting '${group}.${name}'`, EXIT_CODES.refused);
  }
}

function isSetting(entry: unknown): entry is { value: unknown; label?: unknown } {
  return typeof entry === 'object' && entry !== null && 'value' in entry;
}

function listSettings(groups: Record<string, Group>): Setting[] {
  return Object.entries(groups).flatMap(([group, attrs]) =>
    Object.entries(attrs).flatMap(([name, entry]) =>
      name !== 'metadata' && isSetting(entry)
        ? [
            {
              group,
              name,
              value: entry.value,
              label: typeof entry.label === 'string' ? entry.label : '',
            },
          ]
        : [],
    ),
  );
}

function settingsTable(settings: Setting[], columns: number): string {
  const valueWidth = Math.max(20, Math.floor(columns / 2) - 10);
  return formatTable(settings, [
    { header: 'setting', value: (s) => `${s.group}.${s.name}` },
    { header: 'value', value: (s) => truncate(showValue(s.value), valueWidth) },
    { header: 'label', value: (s) => s.label },
  ]);
}
