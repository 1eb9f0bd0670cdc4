-- What a deployment transaction keeps for GET /transactions/{id}/...: the serialized facts
-- sent to the orchestrator and snapshots of the environment's settings when it started.
ALTER TABLE tasks
  ADD COLUMN deployment_info jsonb,
  ADD COLUMN cluster_settings jsonb,
  ADD COLUMN network_settings jsonb;

-- One row per (transaction, node, graph task): how each deployment graph task went on each node.
-- node_id is text because the orchestrator also reports the master node and virtual ids.
CREATE TABLE deployment_history (
  id serial PRIMARY KEY,
  task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  node_id text NOT NULL,
  deployment_graph_task_name text NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'ready', 'running', 'error', 'skipped')),
  time_start timestamptz,
  time_end timestamptz,
  custom jsonb NOT NULL DEFAULT '{}',
  summary jsonb NOT NULL DEFAULT '{}',
  UNIQUE (task_id, node_id, deployment_graph_task_name)
);
