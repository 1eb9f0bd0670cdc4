/**
 * The simulated MCollective agents other than `puppetd`, answering as ours do
 * (`agent/mcollective/agents/*.rb`): `uploadfile`, `puppetsync`, `systemtype`, `erase_node`,
 * `execute_shell_command`. A node whose config allows erase and reboot, as Fuel's do.
 */
import { NODE_FILES } from '../virtual-node.js';
import { type AgentAction, fail, flag, ok, text } from './reply.js';
import { runShell } from './shell.js';

const upload: AgentAction = (node, args) => {
  const path = text(args, 'path');
  if (!path.startsWith('/')) return fail(`Cannot write ${path}: No such file or directory`);
  if (node.files.has(path) && !flag(args, 'overwrite', false)) {
    return fail(`File ${path} already exists`);
  }
  const content = text(args, 'content');
  node.files.set(path, { content, permissions: text(args, 'permissions', '0644') });

  return ok({ msg: `Wrote ${Buffer.byteLength(content)} bytes to ${path}` });
};

const rsync: AgentAction = (node, args) => {
  const pairs = [
    [text(args, 'modules_source'), text(args, 'modules_path', '/etc/puppet/modules')],
    [text(args, 'manifests_source'), text(args, 'manifests_path', '/etc/puppet/manifests')],
  ].filter(([source]) => source !== '');
  if (pairs.length === 0) return fail('Nothing to sync: give modules_source or manifests_source');
  for (const [, dest] of pairs) node.synced.add(dest ?? '');

  return ok({ msg: pairs.map(([source, dest]) => `${source} -> ${dest}`).join(', ') });
};

const eraseNode: AgentAction = (node, args) => {
  const reboot = flag(args, 'reboot', true);
  const dryRun = flag(args, 'dry_run', false);
  if (!dryRun) {
    node.erase();
    if (reboot) node.rebootSoon();
  }

  return ok({
    devices: node.hardware.disks.map((disk) => `/dev/${disk.name}`),
    nodiscover: NODE_FILES.nodiscover,
    erased: !dryRun,
    rebooted: !dryRun && reboot,
  });
};

const execute: AgentAction = (node, args) => {
  const cwd = text(args, 'cwd', '/');
  if (!cwd.startsWith('/')) return fail(`Working directory ${cwd} does not exist`);

  return ok({ ...runShell(node, text(args, 'cmd')) });
};

/** The actions of these agents, by `agent.action`. */
export const NODE_AGENT_ACTIONS: Readonly<Record<string, AgentAction>> = {
  'uploadfile.upload': upload,
  'puppetsync.rsync': rsync,
  'systemtype.get_type': (node) => ok({ node_type: node.system }),
  'erase_node.erase_node': eraseNode,
  'erase_node.reboot_node': (node) => {
    node.rebootSoon();
    return ok({ rebooted: true });
  },
  'execute_shell_command.execute': execute,
};
