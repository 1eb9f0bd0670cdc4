import type {
  ExecutionStatus,
  MachineName,
} from '../../../functions/core/orchestration/executor.js';
import type { Queryable } from '../../../functions/db/database.js';
import type { ExecutionLedger, ExecutionRecord } from './ledger.js';

interface ExecutionRow {
  id: string;
  machine: MachineName;
  name: string;
  task_uuid: string | null;
  input: object;
  status: ExecutionStatus;
  error: string | null;
  cause: string | null;
  started_at: Date;
  stopped_at: Date | null;
  redrive_count: number;
}

const COLUMNS = [
  'id, machine, name, task_uuid, input, status',
  'error, cause, started_at, stopped_at, redrive_count',
].join(', ');

/** The ledger on the tables of migration 0004, which outlive the process. */
export function createPostgresLedger(db: Queryable): ExecutionLedger {
  return {
    async saveExecution(record) {
      await db.query(
        `INSERT INTO executions (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET
           status = EXCLUDED.status, error = EXCLUDED.error, cause = EXCLUDED.cause,
           stopped_at = EXCLUDED.stopped_at, redrive_count = EXCLUDED.redrive_count`,
        [
          record.id,
          record.machine,
          record.name,
          record.taskUuid,
          JSON.stringify(record.input),
          record.status,
          record.error,
          record.cause,
          record.startedAt,
          record.stoppedAt,
          record.redriveCount,
        ],
      );
    },
    async getExecution(id) {
      const found = await db.query<ExecutionRow>(
        `SELECT ${COLUMNS} FROM executions WHERE id = $1`,
        [id],
      );
      const row = found.rows[0];
      return row && toRecord(row);
    },
    async findExecutions(status) {
      const found = await db.query<ExecutionRow>(
        `SELECT ${COLUMNS} FROM executions WHERE status = $1 ORDER BY started_at, id`,
        [status],
      );
      return found.rows.map(toRecord);
    },
    async getStep(executionId, stepKey) {
      const found = await db.query<{ output: unknown }>(
        'SELECT output FROM execution_steps WHERE execution_id = $1 AND step_key = $2',
        [executionId, stepKey],
      );
      const row = found.rows[0];
      return row && { output: row.output };
    },
    async putStep(executionId, stepKey, stateName, output) {
      await db.query(
        `INSERT INTO execution_steps (execution_id, step_key, state_name, output)
         VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (execution_id, step_key) DO UPDATE SET
           output = EXCLUDED.output, completed_at = now()`,
        [executionId, stepKey, stateName, JSON.stringify(output ?? null)],
      );
    },
  };
}

function toRecord(row: ExecutionRow): ExecutionRecord {
  return {
    id: row.id,
    machine: row.machine,
    name: row.name,
    taskUuid: row.task_uuid,
    input: row.input,
    status: row.status,
    error: row.error,
    cause: row.cause,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    redriveCount: row.redrive_count,
  };
}
