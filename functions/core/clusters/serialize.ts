import type { ClusterChange } from './changes.js';
import { type ClusterSummary, isLocked, type JsonObject } from './model.js';

/** How the web UI lists an environment's nodes until someone changes it (Nailgun's default). */
export const DEFAULT_UI_SETTINGS: JsonObject = {
  view_mode: 'standard',
  filter: {},
  sort: [{ roles: 'asc' }],
  filter_by_labels: {},
  sort_by_labels: [],
  search: '',
};

/** The environment object as Nailgun serializes it (reference §3 "Cluster"). */
export interface ClusterJson {
  id: number;
  name: string;
  mode: string;
  status: string;
  net_provider: string;
  release_id: number;
  fuel_version: string;
  is_customized: boolean;
  is_locked: boolean;
  changes: ClusterChange[];
  ui_settings: JsonObject;
  components: string[];
  pending_release_id: null;
}

/** The environment JSON of a row and its pending changes. */
export function serializeCluster(row: ClusterSummary, changes: ClusterChange[]): ClusterJson {
  return {
    id: row.id,
    name: row.name,
    mode: row.mode,
    status: row.status,
    net_provider: row.net_provider,
    release_id: row.release_id,
    fuel_version: row.fuel_version,
    is_customized: row.is_customized,
    is_locked: isLocked(row.status),
    changes,
    ui_settings: row.ui_settings,
    components: row.components,
    pending_release_id: null,
  };
}
