-- What a deployment freezes when it starts: the facts each node gets (the Cobbler system for
-- provisioning, the astute.yaml for deployment), so a retried step sees what the first saw.
CREATE TABLE node_facts (
  task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  node_id integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('provisioning', 'deployment')),
  facts jsonb NOT NULL,
  PRIMARY KEY (task_id, node_id, kind)
);

-- Addresses given to nodes in the environment's networks (Nailgun's ip_addrs). A node keeps its
-- addresses across deployments; VIPs have no node and a name.
CREATE TABLE ip_addrs (
  id serial PRIMARY KEY,
  network_id integer NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
  node_id integer REFERENCES nodes (id) ON DELETE CASCADE,
  vip_name text,
  ip_addr inet NOT NULL,
  UNIQUE (network_id, ip_addr),
  CHECK ((node_id IS NULL) <> (vip_name IS NULL))
);
CREATE UNIQUE INDEX ip_addrs_node_network ON ip_addrs (network_id, node_id)
  WHERE node_id IS NOT NULL;

-- The execution that runs a top-level task (one per task; redrive reuses it).
ALTER TABLE tasks ADD COLUMN execution_id text;

-- A task outlives its environment: deleting an environment is itself a task that clients poll
-- until it is done, after the environment row is gone.
ALTER TABLE tasks DROP CONSTRAINT tasks_cluster_id_fkey;
ALTER TABLE tasks ADD CONSTRAINT tasks_cluster_id_fkey
  FOREIGN KEY (cluster_id) REFERENCES clusters (id) ON DELETE SET NULL;
