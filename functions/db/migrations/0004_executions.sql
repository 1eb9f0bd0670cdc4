-- Executions run by the embedded Step Functions runtime, and the outputs of their steps that
-- succeeded, so that a redrive (by this or a restarted process) replays those steps instead of
-- running them again. In AWS, Step Functions keeps this itself and these tables stay empty.
CREATE TABLE executions (
  id text PRIMARY KEY,
  machine text NOT NULL,
  name text NOT NULL,
  task_uuid uuid,
  input jsonb NOT NULL,
  status text NOT NULL
    CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT')),
  error text,
  cause text,
  started_at timestamptz NOT NULL,
  stopped_at timestamptz,
  redrive_count integer NOT NULL DEFAULT 0
);
CREATE INDEX executions_task_uuid ON executions (task_uuid);
CREATE INDEX executions_running ON executions (status) WHERE status = 'RUNNING';

CREATE TABLE execution_steps (
  execution_id text NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
  step_key text NOT NULL,
  state_name text NOT NULL,
  output jsonb,
  completed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (execution_id, step_key)
);
