import type { ExecutionStatus } from '../../../functions/core/orchestration/executor.js';
import type { ExecutionLedger, ExecutionRecord, RecordedStep } from './ledger.js';

/** A ledger that lives as long as the process (tests, and the embedded mode without a DB). */
export function createMemoryLedger(): ExecutionLedger {
  const executions = new Map<string, ExecutionRecord>();
  const steps = new Map<string, Map<string, RecordedStep>>();

  return {
    async saveExecution(record) {
      executions.set(record.id, structuredClone(record));
    },
    async getExecution(id) {
      const record = executions.get(id);
      return record && structuredClone(record);
    },
    async findExecutions(status: ExecutionStatus) {
      return [...executions.values()]
        .filter((r) => r.status === status)
        .map((r) => structuredClone(r));
    },
    async getStep(executionId, stepKey) {
      const step = steps.get(executionId)?.get(stepKey);
      return step && structuredClone(step);
    },
    async putStep(executionId, stepKey, _stateName, output) {
      if (!executions.has(executionId)) throw new Error(`No execution ${executionId}`);
      let recorded = steps.get(executionId);
      if (!recorded) {
        recorded = new Map();
        steps.set(executionId, recorded);
      }
      recorded.set(stepKey, { output: structuredClone(output) });
    },
  };
}
