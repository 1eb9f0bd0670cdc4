import type { MapState, PayloadTemplate, States, Transition } from './asl.js';
import { catchAll } from './transitions.js';

export interface NodeMapOptions {
  /** Path of the array of items (NodeRefs, or what an earlier Map produced). */
  itemsPath: string;
  /** Path of the uuid of the (sub)task the items' steps report on. */
  taskUuidPath: string;
  startAt: string;
  states: States;
  /** Where the array of the iterations' outputs goes; `null` drops it. */
  resultPath: string | null;
  transition: Transition;
  /** The state that receives a failure of the Map itself; absent inside another Map. */
  catchTo?: string;
  /** Extra fields for each item, e.g. what a nested Map needs. */
  extraFields?: PayloadTemplate;
  /** The item's field in the iteration's input; `node` unless the items are groups. */
  itemField?: 'node' | 'group';
  /** `path` bounds the parallel iterations by `$.max_concurrency`; a number is fixed. */
  concurrency?: 'path' | number;
  comment?: string;
}

/**
 * A Map state that runs `states` once per item. Each iteration's input is
 * `{task_uuid, cluster_id, queue_url, node: <item>}`: what relay and Lambda steps read (or
 * `group: <item>` for Maps over groups).
 */
export function nodeMap(options: NodeMapOptions): MapState {
  const concurrency = options.concurrency ?? 'path';

  return {
    Type: 'Map',
    ...(options.comment ? { Comment: options.comment } : {}),
    ItemsPath: options.itemsPath,
    ItemSelector: {
      'task_uuid.$': options.taskUuidPath,
      'cluster_id.$': '$.cluster_id',
      'queue_url.$': '$.queue_url',
      ...options.extraFields,
      [`${options.itemField ?? 'node'}.$`]: '$$.Map.Item.Value',
    },
    ...(concurrency === 'path'
      ? { MaxConcurrencyPath: '$.max_concurrency' }
      : { MaxConcurrency: concurrency }),
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: options.startAt,
      States: options.states,
    },
    ResultPath: options.resultPath,
    ...(options.catchTo ? { Catch: catchAll(options.catchTo) } : {}),
    ...options.transition,
  };
}
