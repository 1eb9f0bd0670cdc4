import type { Database, Queryable } from '../../db/database.js';
import type { CoreSettings } from '../context.js';
import { AlreadyExists, InvalidData } from '../errors.js';
import type { ReleaseRow } from '../releases/repository.js';
import { ensureAdminNetwork } from './admin-network.js';
import { defaultEditable, defaultGenerated } from './attribute-defaults.js';
import { addClusterChange } from './changes.js';
import { applyComponents, type ComponentBinds } from './components.js';
import { deepMerge } from './deep-merge.js';
import { replaceMembers } from './membership.js';
import {
  type ClusterMode,
  type ClusterRow,
  type JsonObject,
  type L23Provider,
  NET_PROVIDERS,
  type NetProvider,
  SEGMENTATION_TYPES,
  type SegmentationType,
} from './model.js';
import { defaultNetworkGroups, defaultNetworkingParameters } from './network-defaults.js';
import { insertNetworkGroup } from './network-groups.js';
import { insertDefaultNodegroup } from './nodegroups.js';
import { withChanges } from './read.js';
import { checkMode, deployableRelease } from './release-rules.js';
import { clusterNameTaken, insertCluster, updateCluster } from './repository.js';
import { type ClusterJson, DEFAULT_UI_SETTINGS } from './serialize.js';

/** The body of POST /clusters, once its JSON types are checked. */
export interface ClusterCreateInput {
  name?: string | undefined;
  release_id?: unknown;
  /** Older clients send the release id under this name. */
  release?: unknown;
  mode?: string | undefined;
  net_provider?: NetProvider | undefined;
  net_segment_type?: SegmentationType | undefined;
  net_l23_provider?: L23Provider | undefined;
  nodes?: number[] | undefined;
  components?: string[] | undefined;
  ui_settings?: JsonObject | undefined;
}

/**
 * Creates an environment with everything Nailgun gives a new one, in one transaction: the
 * default node group, the networks and networking parameters of its release, the shared admin
 * network, settings with generated values, the pending changes `attributes` and `networks`,
 * and the nodes asked for.
 */
export async function createCluster(
  db: Database,
  settings: CoreSettings,
  input: ClusterCreateInput,
): Promise<ClusterJson> {
  return db.transaction(async (tx) => {
    const release = await deployableRelease(tx, input.release_id ?? input.release);
    checkMode(input.mode, release);
    const name = await freeName(tx, input.name);
    const binds = input.components
      ? applyComponents(release, input.components)
      : { cluster: {}, settings: {} };

    const cluster = await insertWithAttributes(tx, release, settings, { ...input, name }, binds);
    const groupId = await insertDefaultNodegroup(tx, cluster.id);
    await addNetworks(tx, release, cluster, groupId);
    await addClusterChange(tx, cluster.id, 'attributes');
    await addClusterChange(tx, cluster.id, 'networks');
    if (input.nodes && input.nodes.length > 0) {
      await replaceMembers(tx, cluster.id, groupId, input.nodes);
    }
    return withChanges(tx, cluster);
  });
}

async function freeName(tx: Queryable, name: string | undefined): Promise<string> {
  if (name === undefined) throw new InvalidData('Environment name is required');
  if (await clusterNameTaken(tx, name)) {
    throw new AlreadyExists('Environment with this name already exists');
  }
  return name;
}

async function insertWithAttributes(
  tx: Queryable,
  release: ReleaseRow,
  settings: CoreSettings,
  input: ClusterCreateInput & { name: string },
  binds: ComponentBinds,
): Promise<ClusterRow> {
  // Components decide over the plain fields, as in Nailgun (their binds are merged last).
  const provider =
    pick(NET_PROVIDERS, binds.cluster.net_provider) ?? input.net_provider ?? 'neutron';
  const segmentation =
    provider === 'neutron'
      ? (pick(SEGMENTATION_TYPES, binds.cluster.net_segment_type) ??
        input.net_segment_type ??
        'vlan')
      : null;
  const inserted = await insertCluster(tx, {
    name: input.name,
    mode: (input.mode ?? 'ha_compact') as ClusterMode,
    netProvider: provider,
    releaseId: release.id,
    fuelVersion: settings.fuelVersion,
    uiSettings: input.ui_settings ?? DEFAULT_UI_SETTINGS,
    components: input.components ?? [],
    editable: {},
    generated: {},
    networkingParameters: defaultNetworkingParameters(
      release,
      provider,
      segmentation,
      input.net_l23_provider ?? 'ovs',
    ),
  });
  // Placeholders such as {cluster.id} need the id, so the values come after the insert.
  return updateCluster(tx, inserted.id, {
    editable_attributes: deepMerge(defaultEditable(inserted, release), binds.settings),
    generated_attributes: defaultGenerated(inserted, release),
  });
}

function pick<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return allowed.find((item) => item === value);
}

async function addNetworks(
  tx: Queryable,
  release: ReleaseRow,
  cluster: ClusterRow,
  groupId: number,
): Promise<void> {
  await ensureAdminNetwork(tx);
  const segmentation = cluster.networking_parameters.segmentation_type;
  const networks = defaultNetworkGroups(
    release,
    cluster.net_provider,
    pick(SEGMENTATION_TYPES, segmentation) ?? null,
  );
  for (const network of networks) await insertNetworkGroup(tx, cluster.id, groupId, network);
}
