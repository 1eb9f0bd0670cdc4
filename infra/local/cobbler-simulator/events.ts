/**
 * Cobbler's events: what `background_*` calls start and `get_task_status` reports as
 * `[statetime, name, state, read_by]`. A task is queued (`notification`), runs after one
 * `taskStepMs`, and ends `complete` or `failed` no sooner than one more step later.
 */
import { randomUUID } from 'node:crypto';
import { cx, pyError } from './faults.js';

/** The states of a Cobbler event, in the order a task goes through them. */
export const EVENT_STATES = ['notification', 'running', 'complete', 'failed'] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** What Cobbler answers for one event. */
export type EventStatus = [statetime: number, name: string, state: EventState, readBy: string[]];

/** The body of a task; false (or a throw) fails it. It may log lines to the event log. */
export type TaskRunner = (log: (line: string) => void) => Promise<boolean | undefined>;

interface SimEvent {
  id: string;
  name: string;
  statetime: number;
  state: EventState;
  readBy: string[];
  log: string[];
}

/** The simulator's events and the timers that advance their tasks. */
export class EventStore {
  readonly #stepMs: number;
  readonly #events = new Map<string, SimEvent>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #failures = 0;
  #closed = false;

  constructor(stepMs: number) {
    this.#stepMs = stepMs;
  }

  /** Starts a task named `name` (e.g. `Power management (reboot)`); returns its event id. */
  start(name: string, run: TaskRunner): string {
    const event: SimEvent = {
      id: eventId(name),
      name,
      statetime: Date.now() / 1000,
      state: 'notification',
      readBy: [],
      log: [],
    };
    this.#events.set(event.id, event);
    const forcedFailure = this.#failures > 0;
    if (forcedFailure) this.#failures -= 1;
    this.#after(() => void this.#run(event, run, forcedFailure));
    return event.id;
  }

  /** Makes the next `count` tasks end `failed` without running (fault injection). */
  failNextTasks(count = 1): void {
    this.#failures += count;
  }

  /** `get_task_status(event_id)`. */
  status(id: unknown): EventStatus {
    if (typeof id !== 'string') throw pyError('TypeError', '"event_id" must be of type str!');
    const event = this.#events.get(id);
    if (event === undefined) throw cx('no event with that id');
    return [event.statetime, event.name, event.state, [...event.readBy]];
  }

  /** `get_events(for_user)`: events `forUser` has not read yet, which it then has. */
  unread(forUser: unknown): Record<string, EventStatus> {
    if (typeof forUser !== 'string') {
      throw pyError('TypeError', '"for_user" must be of type str (may be empty str)!');
    }
    const result: Record<string, EventStatus> = {};
    for (const event of this.#events.values()) {
      if (event.readBy.includes(forUser)) continue;
      result[event.id] = [event.statetime, event.name, event.state, [...event.readBy]];
      if (forUser !== '') event.readBy.push(forUser);
    }
    return result;
  }

  /** `get_event_log(event_id)`: the task's log, `"?"` when unknown. */
  logOf(id: unknown): string {
    if (typeof id !== 'string') throw pyError('TypeError', '"event_id" must be of type str!');
    const event = this.#events.get(id);
    return event === undefined ? '?' : event.log.map((line) => `${line}\n`).join('');
  }

  /** Stops every pending timer; tasks in flight stay in their current state. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async #run(event: SimEvent, run: TaskRunner, forcedFailure: boolean): Promise<void> {
    const startedAt = Date.now();
    this.#setState(event, 'running');
    const write = (line: string) =>
      event.log.push(`[${event.id}] ${new Date().toISOString()} | ${line}`);
    write(`start_task(${event.name}); event_id(${event.id})`);
    let ok = false;
    try {
      ok = forcedFailure ? false : (await run(write)) !== false;
    } catch (error) {
      write(`task raised: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (forcedFailure) write('simulated task failure');
    const remaining = Math.max(0, this.#stepMs - (Date.now() - startedAt));
    this.#after(() => {
      write(ok ? '### TASK COMPLETE ###' : '### TASK FAILED ###');
      this.#setState(event, ok ? 'complete' : 'failed');
    }, remaining);
  }

  #setState(event: SimEvent, state: EventState): void {
    event.state = state;
    event.readBy = [];
  }

  #after(action: () => void, delayMs = this.#stepMs): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, delayMs);
    timer.unref();
    this.#timers.add(timer);
  }
}

function eventId(name: string): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${date}_${time}_${name}_${randomUUID().replaceAll('-', '')}`;
}
