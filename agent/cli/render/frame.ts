import type { NodeView, ProgressState } from '../live/progress-state.js';
import type { Palette } from './colour.js';
import { truncate } from './table.js';

/** The size of the terminal the frame is drawn on. */
export interface Screen {
  columns: number;
  rows: number;
}

const NOTICES_SHOWN = 3;
const ACTIVE = ['provisioning', 'deploying', 'removing'];

/**
 * The lines of one frame of the live view: the environment, the watched task and its subtasks,
 * a bar per node, the latest notifications. No line is wider than the terminal and the frame
 * is never taller, or the redraw in place would go wrong; nodes that do not fit are counted.
 */
export function frame(state: ProgressState, palette: Palette, screen: Screen): string[] {
  const width = Math.max(40, screen.columns - 1);
  const lines = [header(state, palette, width), taskLine(state, palette, width)];
  const subtasks = subtaskLine(state, palette, width);
  if (subtasks) lines.push(subtasks);
  const notices = state.notices.slice(-NOTICES_SHOWN).map((notice) => {
    const text = truncate(`${notice.topic}: ${notice.message.replace(/\s+/g, ' ')}`, width - 2);
    return `  ${notice.topic === 'error' ? palette.paint(text, 'red') : text}`;
  });
  const room = Math.max(2, screen.rows - 1 - lines.length - notices.length);
  const { shown, hidden } = fitNodes([...state.nodes.values()], room);
  const layout = nodeLayout(shown, width);
  for (const node of shown) lines.push(nodeLine(node, palette, layout));
  if (hidden.length > 0) lines.push(`  … ${hidden.length} more nodes: ${countStatuses(hidden)}`);

  return [...lines, ...notices];
}

function header(state: ProgressState, palette: Palette, width: number): string {
  const cluster = state.cluster;
  if (!cluster) return 'Environment …';
  const name = truncate(`Environment ${cluster.id} '${cluster.name}'`, width - 16);

  return `${palette.paint(name, 'bold')}  ${palette.status(cluster.status)}`;
}

function taskLine(state: ProgressState, palette: Palette, width: number): string {
  const task = state.task;
  if (!task) return `task #${state.taskId} …`;
  const label = truncate(`${task.name} #${task.id}`, width - 24);

  return `${label}  ${palette.status(task.status)}  ${task.progress}%`;
}

/** `provision ready 100% · deployment running 40%`: as many subtasks as fit. */
function subtaskLine(state: ProgressState, palette: Palette, width: number): string | undefined {
  let plain = ' ';
  const parts: string[] = [];
  for (const task of state.subtasks) {
    const text = `${task.name} ${task.status} ${task.progress}%`;
    if (plain.length + text.length + 3 > width) break;
    plain += ` · ${text}`;
    parts.push(`${task.name} ${palette.status(task.status)} ${task.progress}%`);
  }

  return parts.length > 0 ? `  ${parts.join(' · ')}` : undefined;
}

/** The nodes to draw when not all fit: errors first, then those at work, in id order. */
function fitNodes(nodes: NodeView[], room: number): { shown: NodeView[]; hidden: NodeView[] } {
  if (nodes.length <= room) return { shown: nodes, hidden: [] };
  const rank = (n: NodeView) => (n.status === 'error' ? 0 : ACTIVE.includes(n.status) ? 1 : 2);
  const chosen = new Set(
    [...nodes].sort((a, b) => rank(a) - rank(b) || a.id - b.id).slice(0, room - 1),
  );

  return { shown: nodes.filter((n) => chosen.has(n)), hidden: nodes.filter((n) => !chosen.has(n)) };
}

function countStatuses(nodes: NodeView[]): string {
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.status, (counts.get(node.status) ?? 0) + 1);

  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

interface Layout {
  name: number;
  roles: number;
  bar: number;
}

/** Column widths shared by all node lines, shrunk (roles first) to fit the terminal. */
function nodeLayout(nodes: NodeView[], width: number): Layout {
  let name = Math.min(20, Math.max(4, ...nodes.map((n) => n.hostname.length)));
  let roles = Math.min(24, Math.max(5, ...nodes.map((n) => n.roles.join(',').length)));
  const tail = Math.max(0, ...nodes.map((n) => statusText(n).length));
  // Indent, two gaps, brackets, a space, the percentage, a gap, the status.
  const fixed = () => 2 + name + 2 + roles + 2 + 2 + 1 + 4 + 2 + tail;
  const bar = Math.max(10, Math.min(30, width - fixed()));
  const overflow = fixed() + bar - width;
  if (overflow > 0) roles = Math.max(3, roles - overflow);
  if (fixed() + bar > width) name = Math.max(4, name - (fixed() + bar - width));

  return { name, roles, bar };
}

function statusText(node: NodeView): string {
  return node.error_type ? `${node.status} ${node.error_type}` : node.status;
}

function nodeLine(node: NodeView, palette: Palette, layout: Layout): string {
  const name = truncate(node.hostname, layout.name).padEnd(layout.name);
  const roles = truncate(node.roles.join(','), layout.roles).padEnd(layout.roles);
  const percent = `${node.progress}%`.padStart(4);
  const error = node.error_type ? palette.paint(` ${node.error_type}`, 'red') : '';
  const status = palette.status(node.status) + error;

  return `  ${name}  ${roles}  [${bar(node.progress, layout.bar, node.status, palette)}] ${percent}  ${status}`;
}

function bar(progress: number, width: number, status: string, palette: Palette): string {
  const filled = Math.round((Math.max(0, Math.min(100, progress)) / 100) * width);

  return palette.status(status, '█'.repeat(filled)) + '░'.repeat(width - filled);
}
