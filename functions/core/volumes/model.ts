/**
 * The vocabulary of node disks. A *space* is what a role needs on disk (a volume group such as
 * `os`, or a partition such as `ceph`), taken from the release's `volumes_metadata`; a *layout*
 * says how many MB of each space every disk holds. All sizes are MB (2^20 bytes).
 */

/** How a space is sized by default: its minimum, a share of what is left, or whole disks. */
export const ALLOCATE_SIZES = ['min', 'all', 'full-disk'] as const;
export type AllocateSize = (typeof ALLOCATE_SIZES)[number];

/** The kinds of space a layout can hold. */
export const SPACE_TYPES = ['vg', 'partition', 'raid'] as const;
export type SpaceType = (typeof SPACE_TYPES)[number];

/** Name of the base system's volume group, the one space every node has. */
export const OS_SPACE = 'os';

/** A space one node needs, in the order its roles list them. */
export interface NodeSpace {
  id: string;
  type: SpaceType;
  label: string;
  /** MB the space needs in total, over all disks. */
  minSize: number;
  allocate: AllocateSize;
}

/** A disk reported by the node's agent (`meta.disks`). */
export interface PhysicalDisk {
  /** `disk/by-path/...` when the agent gave one, else the device name. */
  id: string;
  name: string;
  /** Whole size in MB. */
  sizeMb: number;
  extra: string[];
}

/** One volume on one disk, as the API shows it. */
export interface VolumeJson {
  name: string;
  size: number;
  type: SpaceType;
}

/** One disk as `GET /nodes/{id}/disks` answers it; `size` is what volumes may use. */
export interface DiskJson {
  id: string;
  name: string;
  size: number;
  bootable: boolean;
  extra: string[];
  volumes: VolumeJson[];
}

/** One line of `GET /nodes/{id}/volumes`: a space with its total size over all disks. */
export interface VolumeInfoJson {
  name: string;
  label: string;
  min_size: number;
  size: number;
}
