import type { CliIo } from '../io.js';
import type { ProgressChange, ProgressState } from '../live/progress-state.js';
import { type Palette, paletteFor } from './colour.js';
import { frame } from './frame.js';

/** Shows a watched task's progress as its state changes. */
export interface ProgressView {
  /** Called after each change the state reports. */
  changed(change: ProgressChange): void;
  /** Called once at the end (also when interrupted): final frame, cursor back. */
  close(): void;
}

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const CLEAR_LINE = '\u001b[2K';
const CLEAR_BELOW = '\u001b[0J';

/** The view for the output: redrawn in place on a terminal, else one line per change. */
export function createProgressView(io: CliIo, state: ProgressState): ProgressView {
  return io.isTTY ? new TerminalView(io, state) : new LineView(io, state);
}

/** One line per change, no bars: for logs, pipes and CI. */
class LineView implements ProgressView {
  constructor(
    private readonly io: CliIo,
    private readonly state: ProgressState,
  ) {}

  changed(change: ProgressChange): void {
    this.io.stdout.write(`${describeChange(change, this.state)}\n`);
  }

  close(): void {}
}

/** A change as one line of text. */
export function describeChange(change: ProgressChange, state: ProgressState): string {
  switch (change.kind) {
    case 'cluster':
      return `environment ${change.cluster.id} '${change.cluster.name}': ${change.cluster.status}`;
    case 'task': {
      const { task } = change;
      const label = task.id === state.taskId ? 'task' : 'subtask';
      return `${label} ${task.name} #${task.id}: ${task.status} ${task.progress}%`;
    }
    case 'node': {
      const { node } = change;
      const error = node.error_type ? ` (${node.error_type} error)` : '';
      return `node ${node.hostname} [${node.roles.join(',')}]: ${node.status} ${node.progress}%${error}`;
    }
    case 'notice':
      return `notification [${change.notice.topic}]: ${change.notice.message}`;
  }
}

/** The whole state redrawn over the previous frame: header, subtasks, a bar per node. */
class TerminalView implements ProgressView {
  private drawn = 0;
  private readonly palette: Palette;

  constructor(
    private readonly io: CliIo,
    private readonly state: ProgressState,
  ) {
    this.palette = paletteFor(io);
    io.stdout.write(HIDE_CURSOR);
  }

  changed(): void {
    this.draw();
  }

  close(): void {
    this.draw();
    this.io.stdout.write(SHOW_CURSOR);
  }

  private draw(): void {
    const lines = frame(this.state, this.palette, {
      columns: this.io.columns ?? 80,
      rows: this.io.rows ?? 40,
    });
    let out = this.drawn > 0 ? `\u001b[${this.drawn}A\r` : '';
    for (const line of lines) out += `${CLEAR_LINE}${line}\n`;
    this.io.stdout.write(`${out}${CLEAR_BELOW}`);
    this.drawn = lines.length;
  }
}
