/**
 * One machine of the lab: its hardware tree on disk, its power and boot cycle, and what its
 * MCollective agents keep (uploaded files, synced Puppet code, Puppet itself). A node boots the
 * installer when Cobbler has netboot on for it, else its installed system, else (nothing
 * installed) the discovery image; Fuel's nodes behave the same through PXE.
 */
import type { Logger } from '../../../functions/core/logger.js';
import type { NodeHardware } from './hardware/spec.js';
import type { TreeWriter } from './hardware/tree-writer.js';
import { writeBootFiles } from './hardware/write-tree.js';
import type { LabDurations } from './lab-speed.js';
import { SimulatedPuppet } from './simulated-puppet.js';

/**
 * Where a node is in its cycle: `off`; `booting` (firmware, PXE, kernel: silent);
 * `installing` (the installer runs: silent); `running` (answers MCollective, reports).
 */
export const LAB_NODE_STATES = ['off', 'booting', 'installing', 'running'] as const;
export type LabNodeState = (typeof LAB_NODE_STATES)[number];

/** What a booted node runs: the discovery image or the installed system. */
export type LabSystem = 'bootstrap' | 'target';

/** A file written by `uploadfile`. */
export interface UploadedFile {
  content: string;
  permissions: string;
}

/** What a node needs from the lab around it. */
export interface NodeSurroundings {
  durations: LabDurations;
  /** Whether Cobbler has a system with netboot on for one of these MACs (PXE → installer). */
  netbootEnabled(macs: readonly string[]): boolean;
  /** The API root the node's agent is told on its kernel command line. */
  apiUrl: string;
  /** Called when the node runs again after a boot. */
  onRunning(node: VirtualNode): void;
  logger: Logger;
}

/** Files of the node that survive in its tree across reboots (and lab restarts). */
export const NODE_FILES = {
  uid: '/etc/nailgun_uid',
  nodiscover: '/etc/nailgun-agent/nodiscover',
  systemType: '/etc/nailgun_systemtype',
} as const;

/** One virtual machine. */
export class VirtualNode {
  readonly hardware: NodeHardware;
  readonly tree: TreeWriter;
  readonly files = new Map<string, UploadedFile>();
  /** Directories `puppetsync` filled. */
  readonly synced = new Set<string>();
  readonly puppet = new SimulatedPuppet();
  state: LabNodeState = 'off';
  system: LabSystem = 'bootstrap';
  /** Whether an operating system is installed on its disks. */
  installed: boolean;
  /** Its MCollective identity: Nailgun's node id, once the agent has been answered. */
  identity: string | undefined;
  /** Boots so far, installer runs included. */
  boots = 0;
  readonly #env: NodeSurroundings;
  #timer: NodeJS.Timeout | undefined;

  constructor(hardware: NodeHardware, tree: TreeWriter, env: NodeSurroundings) {
    this.hardware = hardware;
    this.tree = tree;
    this.#env = env;
    this.installed = tree.read(NODE_FILES.systemType) === 'target';
    this.identity = this.installed ? tree.read(NODE_FILES.uid) : undefined;
  }

  get name(): string {
    return this.hardware.name;
  }

  get macs(): string[] {
    return this.hardware.nics.map((nic) => nic.mac);
  }

  /** Whether it answers MCollective and its agent reports. */
  get answering(): boolean {
    return this.state === 'running';
  }

  /** The hostname its system gives itself. */
  get hostname(): string {
    return this.system === 'bootstrap' || this.identity === undefined
      ? 'bootstrap'
      : `node-${this.identity}`;
  }

  /** Powers on (no-op unless off). */
  powerOn(): void {
    if (this.state === 'off') this.#boot();
  }

  /** Cuts the power. */
  powerOff(): void {
    this.#clearTimer();
    this.#goDown('off');
  }

  /** A power cycle at once (Cobbler's fence agent); a reset while booting starts again. */
  powerCycle(): void {
    this.#clearTimer();
    this.#goDown('booting');
    this.#boot();
  }

  /** A reboot from inside the running system: it goes down a moment after answering. */
  rebootSoon(): void {
    this.#after(this.#env.durations.shutdown, () => this.powerCycle());
  }

  /** Wipes the boot records (the node boots the discovery image next) and stops reporting. */
  erase(): void {
    this.installed = false;
    this.tree.file(NODE_FILES.nodiscover, `erased at ${new Date().toISOString()}`);
  }

  /** Records the id Nailgun answered the node's agent with. */
  identify(id: string): void {
    if (this.identity === id) return;
    this.#env.logger.info('lab node identified', { lab_node: this.name, node_id: Number(id) });
    this.identity = id;
  }

  /** Stops its timers (the lab shuts down). */
  halt(): void {
    this.#clearTimer();
  }

  #goDown(state: LabNodeState): void {
    if (this.state === 'running') {
      this.#env.logger.info('lab node went down', { lab_node: this.name, to: state });
    }
    this.state = state;
    this.puppet.reset();
  }

  #boot(): void {
    this.state = 'booting';
    this.#after(this.#env.durations.boot, () => {
      if (this.#env.netbootEnabled(this.macs)) this.#install();
      else this.#start(this.installed ? 'target' : 'bootstrap');
    });
  }

  #install(): void {
    this.state = 'installing';
    this.boots += 1;
    this.#env.logger.info('lab node installing', { lab_node: this.name });
    this.#after(this.#env.durations.install, () => {
      this.installed = true;
      this.state = 'booting';
      this.#after(this.#env.durations.boot, () => this.#start('target'));
    });
  }

  #start(system: LabSystem): void {
    this.boots += 1;
    if (system === 'bootstrap' || this.system !== system) {
      this.files.clear();
      this.synced.clear();
    }
    this.system = system;
    if (system === 'bootstrap') this.#freshRamdisk();
    else if (this.identity !== undefined) this.tree.file(NODE_FILES.uid, this.identity);
    writeBootFiles(this.tree, this.hardware, {
      systemType: system,
      hostname: this.hostname,
      apiUrl: this.#env.apiUrl,
    });
    this.state = 'running';
    this.#env.logger.info('lab node booted', { lab_node: this.name, system });
    this.#env.onRunning(this);
  }

  /** The discovery image starts from scratch: no id, no reporting switch, nothing uploaded. */
  #freshRamdisk(): void {
    this.identity = undefined;
    this.tree.remove(NODE_FILES.uid).remove(NODE_FILES.nodiscover);
  }

  #after(ms: number, action: () => void): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      action();
    }, ms);
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
