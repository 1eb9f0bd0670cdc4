import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../agent/cli/io.js';
import { ProgressState } from '../../agent/cli/live/progress-state.js';
import { paletteFor, visibleLength } from '../../agent/cli/render/colour.js';
import { frame } from '../../agent/cli/render/frame.js';
import { createProgressView } from '../../agent/cli/render/progress.js';

function io(isTTY: boolean, env: Record<string, string> = {}) {
  let out = '';
  const value: CliIo = {
    env,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    stdin: undefined as unknown as CliIo['stdin'],
    isTTY,
    columns: 80,
    rows: 24,
  };
  return { io: value, output: () => out };
}

function node(id: number, status: string, progress: number, extra: object = {}) {
  return {
    id,
    hostname: `node-${id}`,
    roles: ['compute'],
    status,
    progress,
    error_type: null,
    ...extra,
  };
}

function watched(): ProgressState {
  const state = new ProgressState(10);
  state.apply('cluster', { id: 3, name: 'lab', status: 'deployment' });
  state.apply('task', { id: 10, name: 'deploy', status: 'running', progress: 40, parent_id: null });
  return state;
}

describe('ProgressState', () => {
  it('reports a change once, and ignores repeats and tasks of other runs', () => {
    const state = watched();

    const first = state.apply('node', node(1, 'deploying', 30));
    const repeat = state.apply('node', node(1, 'deploying', 30));
    const other = state.apply('task', { id: 99, name: 'x', status: 'running', progress: 1 });
    const subtask = state.apply('task', {
      id: 11,
      name: 'deployment',
      status: 'running',
      progress: 5,
      parent_id: 10,
    });

    expect(first).toMatchObject({ kind: 'node', node: { id: 1, progress: 30 } });
    expect(repeat).toBeUndefined();
    expect(other).toBeUndefined();
    expect(subtask).toMatchObject({ kind: 'task', task: { id: 11 } });
  });

  it('ignores malformed event data', () => {
    const state = watched();

    expect(state.apply('node', { id: 'one' })).toBeUndefined();
    expect(state.apply('task', null)).toBeUndefined();
    expect(state.apply('unknown', {})).toBeUndefined();
  });
});

describe('frame', () => {
  it('draws a bar per node, no line wider than the terminal', () => {
    const state = watched();
    state.apply(
      'node',
      node(1, 'ready', 100, { roles: ['controller', 'mongo', 'ceph-osd', 'cinder'] }),
    );
    state.apply(
      'node',
      node(2, 'error', 60, { error_type: 'deploy', hostname: 'a-very-long-hostname-of-a-node' }),
    );
    const { io: tty } = io(true);

    const lines = frame(state, paletteFor(tty), { columns: 60, rows: 24 });

    expect(lines[0]).toContain("Environment 3 'lab'");
    expect(lines[1]).toContain('deploy #10');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(visibleLength(line)).toBeLessThan(60);
    expect(lines[2]).toContain('█'.repeat(10));
    expect(lines[2]).toContain('] 100%');
    expect(lines[3]).toContain('error');
    expect(lines[3]).toContain('deploy');
  });

  it('never draws more lines than the terminal has, counting the nodes left out', () => {
    const state = watched();
    for (let id = 1; id <= 30; id++)
      state.apply('node', node(id, id === 25 ? 'error' : 'ready', 100));
    const { io: plain } = io(false);

    const lines = frame(state, paletteFor(plain), { columns: 80, rows: 12 });

    expect(lines.length).toBeLessThan(12);
    expect(lines.some((l) => l.includes('node-25'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^ {2}… \d+ more nodes: \d+ ready$/);
  });
});

describe('the live view', () => {
  it('prints one plain line per change when stdout is not a terminal', () => {
    const state = watched();
    const { io: pipe, output } = io(false);
    const view = createProgressView(pipe, state);

    for (const progress of [30, 30, 60]) {
      const change = state.apply('node', node(1, 'deploying', progress));
      if (change) view.changed(change);
    }
    view.close();

    expect(output()).toBe(
      'node node-1 [compute]: deploying 30%\nnode node-1 [compute]: deploying 60%\n',
    );
  });

  it('redraws in place on a terminal and gives the cursor back at the end', () => {
    const state = watched();
    const { io: tty, output } = io(true);
    const view = createProgressView(tty, state);

    for (const progress of [30, 60]) {
      const change = state.apply('node', node(1, 'deploying', progress));
      if (change) view.changed(change);
    }
    view.close();

    expect(output().startsWith('\u001b[?25l')).toBe(true);
    expect(output()).toContain('\u001b[3A\r');
    expect(output().endsWith('\u001b[?25h')).toBe(true);
  });

  it('leaves colours out when NO_COLOR is set', () => {
    const state = watched();
    state.apply('node', node(1, 'ready', 100));
    const { io: tty } = io(true, { NO_COLOR: '1' });

    const lines = frame(state, paletteFor(tty), { columns: 80, rows: 24 });

    expect(lines.join('\n')).not.toContain('\u001b[');
  });
});
