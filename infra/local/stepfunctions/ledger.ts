import type {
  ExecutionStatus,
  MachineName,
} from '../../../functions/core/orchestration/executor.js';

/** What the local executor keeps of one execution. */
export interface ExecutionRecord {
  /** `local:<machine>:<name>`. */
  id: string;
  machine: MachineName;
  name: string;
  /** The input's `task_uuid`, when it has one. */
  taskUuid: string | null;
  input: object;
  status: ExecutionStatus;
  error: string | null;
  cause: string | null;
  startedAt: Date;
  stoppedAt: Date | null;
  redriveCount: number;
}

/** A step's recorded output; a wrapper so that a `null` output is told from "not recorded". */
export interface RecordedStep {
  output: unknown;
}

/**
 * Where the local executor records executions and the outputs of the steps that succeeded, so
 * that a redrive (even by a restarted process) replays them instead of running them again.
 */
export interface ExecutionLedger {
  /** Creates or replaces the record of `record.id`. */
  saveExecution(record: ExecutionRecord): Promise<void>;
  getExecution(id: string): Promise<ExecutionRecord | undefined>;
  findExecutions(status: ExecutionStatus): Promise<ExecutionRecord[]>;
  getStep(executionId: string, stepKey: string): Promise<RecordedStep | undefined>;
  /** Records a succeeded step; the execution must have been saved first. */
  putStep(executionId: string, stepKey: string, stateName: string, output: unknown): Promise<void>;
}
