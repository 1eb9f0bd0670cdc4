/** An environment as the event stream describes it (`cluster` events). */
export interface ClusterView {
  id: number;
  name: string;
  status: string;
}

/** A task as `task` events and `GET /tasks/{id}` describe it. */
export interface TaskView {
  id: number;
  name: string;
  status: string;
  progress: number;
  message: string | null;
  parent_id: number | null;
}

/** A node as `node` events (and `GET /nodes`) describe it. */
export interface NodeView {
  id: number;
  hostname: string;
  roles: string[];
  status: string;
  progress: number;
  error_type: string | null;
}

/** A notification of the environment (`notification` events). */
export interface NoticeView {
  id: number;
  topic: string;
  message: string;
}

/** What changed visibly, for a view that prints one line per change. */
export type ProgressChange =
  | { kind: 'cluster'; cluster: ClusterView }
  | { kind: 'task'; task: TaskView }
  | { kind: 'node'; node: NodeView }
  | { kind: 'notice'; notice: NoticeView };

/**
 * The live state of one watched task and its environment's nodes, fed by stream events and
 * polled objects. `apply` answers the visible change, or undefined for a repeat (a reconnected
 * stream sends the whole state again) or an event about something not watched.
 */
export class ProgressState {
  cluster: ClusterView | undefined;
  readonly tasks = new Map<number, TaskView>();
  readonly nodes = new Map<number, NodeView>();
  readonly notices: NoticeView[] = [];

  constructor(readonly taskId: number) {}

  /** The watched task, once known. */
  get task(): TaskView | undefined {
    return this.tasks.get(this.taskId);
  }

  /** Subtasks of the watched task (provision, deployment), oldest first. */
  get subtasks(): TaskView[] {
    return [...this.tasks.values()].filter((t) => t.parent_id === this.taskId);
  }

  /** Applies one event of the stream (its type and parsed data). */
  apply(event: string, data: unknown): ProgressChange | undefined {
    if (event === 'cluster') return this.applyCluster(data);
    if (event === 'task') return this.applyTask(data);
    if (event === 'node') return this.applyNode(data);
    if (event === 'notification') return this.applyNotice(data);

    return undefined;
  }

  private applyCluster(data: unknown): ProgressChange | undefined {
    const cluster = asCluster(data);
    if (!cluster || this.cluster?.status === cluster.status) return undefined;
    this.cluster = { ...cluster, name: cluster.name || this.cluster?.name || '' };

    return { kind: 'cluster', cluster: this.cluster };
  }

  private applyTask(data: unknown): ProgressChange | undefined {
    const task = asTask(data);
    if (!task || (task.id !== this.taskId && task.parent_id !== this.taskId)) return undefined;
    const before = this.tasks.get(task.id);
    this.tasks.set(task.id, task);
    const same = before && before.status === task.status && before.progress === task.progress;

    return same ? undefined : { kind: 'task', task };
  }

  private applyNode(data: unknown): ProgressChange | undefined {
    const node = asNode(data);
    if (!node) return undefined;
    const before = this.nodes.get(node.id);
    this.nodes.set(node.id, node);

    return before && nodeKey(before) === nodeKey(node) ? undefined : { kind: 'node', node };
  }

  private applyNotice(data: unknown): ProgressChange | undefined {
    const notice = asNotice(data);
    if (!notice || this.notices.some((n) => n.id === notice.id)) return undefined;
    this.notices.push(notice);

    return { kind: 'notice', notice };
  }
}

function nodeKey(node: NodeView): string {
  return JSON.stringify([node.status, node.progress, node.error_type, node.roles, node.hostname]);
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null;
}

function asCluster(data: unknown): ClusterView | undefined {
  if (!isObject(data) || typeof data.id !== 'number' || typeof data.status !== 'string') {
    return undefined;
  }

  return { id: data.id, name: typeof data.name === 'string' ? data.name : '', status: data.status };
}

/** A task from an event or from `GET /tasks/{id}`. */
export function asTask(data: unknown): TaskView | undefined {
  if (!isObject(data) || typeof data.id !== 'number' || typeof data.status !== 'string') {
    return undefined;
  }

  return {
    id: data.id,
    name: typeof data.name === 'string' ? data.name : 'task',
    status: data.status,
    progress: typeof data.progress === 'number' ? data.progress : 0,
    message: typeof data.message === 'string' ? data.message : null,
    parent_id: typeof data.parent_id === 'number' ? data.parent_id : null,
  };
}

/** A node from an event, or from `GET /nodes` (whose roles are split in two lists). */
export function asNode(data: unknown): NodeView | undefined {
  if (!isObject(data) || typeof data.id !== 'number' || typeof data.status !== 'string') {
    return undefined;
  }
  const roles = [...strings(data.roles), ...strings(data.pending_roles)];

  return {
    id: data.id,
    hostname: typeof data.hostname === 'string' ? data.hostname : `node-${data.id}`,
    roles: [...new Set(roles)],
    status: data.status,
    progress: typeof data.progress === 'number' ? data.progress : 0,
    error_type: typeof data.error_type === 'string' ? data.error_type : null,
  };
}

function asNotice(data: unknown): NoticeView | undefined {
  if (!isObject(data) || typeof data.id !== 'number' || typeof data.message !== 'string') {
    return undefined;
  }

  return {
    id: data.id,
    topic: typeof data.topic === 'string' ? data.topic : '',
    message: data.message,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
