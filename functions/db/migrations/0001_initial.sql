-- The Nailgun data model (reference §4), as far as the API of this release serves it.
-- Status words and enum values are Nailgun's: they are part of the wire contract.

CREATE TABLE releases (
  id serial PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  version text NOT NULL CHECK (length(version) BETWEEN 1 AND 30),
  description text,
  operating_system text NOT NULL CHECK (length(operating_system) BETWEEN 1 AND 50),
  state text NOT NULL DEFAULT 'unavailable'
    CHECK (state IN ('available', 'unavailable', 'manageonly')),
  modes jsonb NOT NULL DEFAULT '["ha_compact"]',
  modes_metadata jsonb NOT NULL DEFAULT '{}',
  roles_metadata jsonb NOT NULL DEFAULT '{}',
  tags_metadata jsonb NOT NULL DEFAULT '{}',
  networks_metadata jsonb NOT NULL DEFAULT '{}',
  attributes_metadata jsonb NOT NULL DEFAULT '{}',
  volumes_metadata jsonb NOT NULL DEFAULT '{}',
  components_metadata jsonb NOT NULL DEFAULT '[]',
  deployment_tasks jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name, version)
);

CREATE TABLE clusters (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
  mode text NOT NULL DEFAULT 'ha_compact' CHECK (mode IN ('multinode', 'ha_full', 'ha_compact')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN (
    'new', 'deployment', 'stopped', 'operational', 'error', 'remove', 'partially_deployed')),
  net_provider text NOT NULL DEFAULT 'neutron' CHECK (net_provider IN ('neutron', 'nova_network')),
  release_id integer NOT NULL REFERENCES releases (id),
  fuel_version text NOT NULL,
  is_customized boolean NOT NULL DEFAULT false,
  ui_settings jsonb NOT NULL DEFAULT '{}',
  components jsonb NOT NULL DEFAULT '[]',
  -- attributes.editable and attributes.generated of Nailgun, one row per cluster
  editable_attributes jsonb NOT NULL DEFAULT '{}',
  generated_attributes jsonb NOT NULL DEFAULT '{}',
  networking_parameters jsonb NOT NULL DEFAULT '{}',
  -- what the last successful deployment saw (GET .../attributes/deployed)
  deployed_attributes jsonb,
  deployed_network_configuration jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clusters_release_id ON clusters (release_id);

CREATE TABLE nodegroups (
  id serial PRIMARY KEY,
  cluster_id integer REFERENCES clusters (id) ON DELETE CASCADE,
  name text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  UNIQUE NULLS NOT DISTINCT (cluster_id, name)
);

-- Network groups. The admin network (fuelweb_admin) of the master has cluster_id NULL.
CREATE TABLE network_groups (
  id serial PRIMARY KEY,
  name text NOT NULL,
  cluster_id integer REFERENCES clusters (id) ON DELETE CASCADE,
  group_id integer REFERENCES nodegroups (id) ON DELETE CASCADE,
  cidr text,
  gateway text,
  vlan_start integer CHECK (vlan_start BETWEEN 0 AND 4094),
  ip_ranges jsonb NOT NULL DEFAULT '[]',
  meta jsonb NOT NULL DEFAULT '{}',
  UNIQUE NULLS NOT DISTINCT (group_id, name)
);
CREATE INDEX network_groups_cluster_id ON network_groups (cluster_id);

CREATE TABLE nodes (
  id serial PRIMARY KEY,
  uuid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  cluster_id integer REFERENCES clusters (id) ON DELETE SET NULL,
  group_id integer REFERENCES nodegroups (id) ON DELETE SET NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'discover' CHECK (status IN (
    'ready', 'discover', 'provisioning', 'provisioned', 'deploying', 'error', 'removing',
    'stopped')),
  meta jsonb NOT NULL DEFAULT '{}',
  mac macaddr NOT NULL UNIQUE,
  ip inet,
  -- NULL means the default name node-<id>; reset to NULL when the node leaves its cluster
  hostname text,
  manufacturer text,
  platform_name text,
  os_platform text,
  kernel_params text,
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  pending_addition boolean NOT NULL DEFAULT false,
  pending_deletion boolean NOT NULL DEFAULT false,
  error_type text CHECK (error_type IN (
    'deploy', 'provision', 'deletion', 'discover', 'stop_deployment')),
  error_msg text,
  last_contact_at timestamptz NOT NULL DEFAULT now(),
  online boolean NOT NULL DEFAULT true,
  labels jsonb NOT NULL DEFAULT '{}',
  roles text[] NOT NULL DEFAULT '{}',
  pending_roles text[] NOT NULL DEFAULT '{}',
  primary_tags text[] NOT NULL DEFAULT '{}',
  agent_checksum text CHECK (length(agent_checksum) <= 40),
  attributes jsonb NOT NULL DEFAULT '{}',
  -- the disk layout chosen through PUT /nodes/{id}/disks; NULL means the release's default
  volumes jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nodes_cluster_id ON nodes (cluster_id);
CREATE UNIQUE INDEX nodes_cluster_hostname
  ON nodes (cluster_id, (coalesce(hostname, 'node-' || id::text)))
  WHERE cluster_id IS NOT NULL;

CREATE TABLE node_nic_interfaces (
  id serial PRIMARY KEY,
  node_id integer NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  name text NOT NULL,
  mac macaddr NOT NULL,
  ip_addr inet,
  netmask text,
  state text,
  driver text,
  bus_info text,
  max_speed integer,
  current_speed integer,
  pxe boolean NOT NULL DEFAULT false,
  offloading_modes jsonb NOT NULL DEFAULT '[]',
  interface_properties jsonb NOT NULL DEFAULT '{}',
  UNIQUE (node_id, name)
);
CREATE INDEX node_nic_interfaces_mac ON node_nic_interfaces (mac);

CREATE TABLE nic_network_assignments (
  interface_id integer NOT NULL REFERENCES node_nic_interfaces (id) ON DELETE CASCADE,
  network_id integer NOT NULL REFERENCES network_groups (id) ON DELETE CASCADE,
  PRIMARY KEY (network_id, interface_id)
);
CREATE INDEX nic_network_assignments_interface ON nic_network_assignments (interface_id);

CREATE TABLE cluster_changes (
  id serial PRIMARY KEY,
  cluster_id integer NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name IN ('networks', 'attributes', 'disks', 'interfaces')),
  node_id integer REFERENCES nodes (id) ON DELETE CASCADE,
  UNIQUE NULLS NOT DISTINCT (cluster_id, name, node_id)
);

CREATE TABLE tasks (
  id serial PRIMARY KEY,
  uuid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  cluster_id integer REFERENCES clusters (id) ON DELETE CASCADE,
  parent_id integer REFERENCES tasks (id) ON DELETE CASCADE,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'ready', 'error')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  message text,
  result jsonb NOT NULL DEFAULT '{}',
  -- the work description handed to the orchestrator (Nailgun's "cache")
  cache jsonb NOT NULL DEFAULT '{}',
  weight double precision NOT NULL DEFAULT 1.0,
  dry_run boolean NOT NULL DEFAULT false,
  graph_type text,
  time_start timestamptz,
  time_end timestamptz,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_cluster_id ON tasks (cluster_id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_parent_id ON tasks (parent_id);

CREATE TABLE notifications (
  id serial PRIMARY KEY,
  cluster_id integer REFERENCES clusters (id) ON DELETE SET NULL,
  node_id integer REFERENCES nodes (id) ON DELETE SET NULL,
  task_id integer REFERENCES tasks (id) ON DELETE SET NULL,
  topic text NOT NULL CHECK (topic IN ('discover', 'done', 'error', 'warning', 'release')),
  message text NOT NULL,
  status text NOT NULL DEFAULT 'unread' CHECK (status IN ('read', 'unread')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Operators who log in through the Keystone-compatible endpoint. Passwords are scrypt hashes.
CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
  password_hash text NOT NULL,
  roles text[] NOT NULL DEFAULT '{admin}',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A site is a data centre served by one relay; its credential authorizes the agent routes.
CREATE TABLE sites (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  credential_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz
);

-- Generated secrets of the installation (the token signing key) when none is configured.
CREATE TABLE installation_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
