import type { CoreContext } from '../context.js';
import type { WorkflowExecutor } from './executor.js';

/** How runs reach the data centre: the executor and the site queue their relay steps go to. */
export interface OrchestrationSettings {
  executor: WorkflowExecutor;
  /** The SQS queue URL of the site whose relay does the steps. */
  queueUrl: string;
  /** Nodes worked on at once in each Map (Astute's max_nodes_to_provision: 50). */
  maxConcurrency: number;
}

export interface OrchestrationContext extends CoreContext {
  orchestration: OrchestrationSettings;
}
