/**
 * The simulated data centre of the embedded mode: N virtual nodes with hardware trees under
 * `<dataDir>/lab/node-N/`, each running the real discovery agent against the relay's discovery
 * proxy, answering the relay through a simulated MCollective, and booting as Cobbler's netboot
 * and power actions say.
 */
import { join } from 'node:path';
import type { Logger } from '../../../functions/core/logger.js';
import { silentLogger } from '../../../functions/core/logger.js';
import type { CobblerSimulator, PowerHook } from '../cobbler-simulator/index.js';
import { CobblerView } from './cobbler-view.js';
import { describeHardware, MAX_LAB_NODES } from './hardware/spec.js';
import { TreeWriter } from './hardware/tree-writer.js';
import { writeHardware } from './hardware/write-tree.js';
import { type LabDurations, type LabSpeed, labDurations } from './lab-speed.js';
import { LabMcollective } from './mcollective/lab-mcollective.js';
import { NodeReporter, type ReportSettings } from './node-reporter.js';
import { type NodeSurroundings, VirtualNode } from './virtual-node.js';

/** What a lab is made of. */
export interface LabOptions {
  /** Virtual nodes, 0 to `MAX_LAB_NODES`. */
  count: number;
  /** The lab keeps its nodes' trees in `<dataDir>/lab`. */
  dataDir: string;
  /** The discovery proxy's root, e.g. `http://127.0.0.1:8001`; agents call `<proxyUrl>/api`. */
  proxyUrl: string;
  /** Default 1; `instant` for tests and the benchmark. */
  speed?: LabSpeed;
  /** Between two reports of a node; default 60 s, as the stock agent. */
  reportIntervalMs?: number;
  /** Spread of that interval; default 10 s. */
  reportJitterMs?: number;
  /** The simulated Cobbler whose netboot settings the nodes boot by. */
  cobbler?: CobblerSimulator;
  logger?: Logger;
}

/** A running lab. */
export interface Lab {
  readonly nodes: readonly VirtualNode[];
  /** The MCollective of the lab's nodes, for the relay's `McoDriver`. */
  readonly mcollective: LabMcollective;
  readonly durations: LabDurations;
  /** The node with this MCollective identity (Nailgun's node id as text). */
  find(identity: string): VirtualNode | undefined;
  /** For the Cobbler simulator's `onPower`: the fence agent acts on the named system's node. */
  readonly power: PowerHook;
  /** Makes every running node report now; resolves when all did. */
  reportAll(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_JITTER_MS = 10_000;

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > MAX_LAB_NODES) {
    throw new RangeError(`FUEL_LAB_NODES must be a whole number from 0 to ${MAX_LAB_NODES}`);
  }
}

/** The lab's nodes and their agents; `startLab` builds it. */
class VirtualLab implements Lab {
  readonly nodes: readonly VirtualNode[];
  readonly mcollective: LabMcollective;
  readonly durations: LabDurations;
  readonly #reporters = new Map<VirtualNode, NodeReporter>();
  readonly #view: CobblerView | undefined;
  readonly #logger: Logger;

  constructor(options: LabOptions, dir: string) {
    this.#logger = options.logger ?? silentLogger;
    this.durations = labDurations(options.speed ?? 1);
    this.#view = options.cobbler === undefined ? undefined : new CobblerView(options.cobbler);
    const apiUrl = `${options.proxyUrl.replace(/\/$/, '')}/api`;
    const surroundings: NodeSurroundings = {
      durations: this.durations,
      netbootEnabled: (macs) => this.#view?.netbootEnabled(macs) ?? false,
      apiUrl,
      onRunning: (node) => this.#reporters.get(node)?.afterBoot(),
      logger: this.#logger,
    };
    const reports: ReportSettings = {
      apiUrl,
      intervalMs: options.reportIntervalMs ?? DEFAULT_INTERVAL_MS,
      jitterMs: options.reportJitterMs ?? DEFAULT_JITTER_MS,
      firstReportMs: this.durations.firstReport,
      logger: this.#logger,
    };
    this.nodes = Array.from({ length: options.count }, (_, i) => {
      const hardware = describeHardware(i + 1);
      const tree = new TreeWriter(join(dir, hardware.name));
      writeHardware(tree, hardware);
      const node = new VirtualNode(hardware, tree, surroundings);
      this.#reporters.set(node, new NodeReporter(node, reports));
      return node;
    });
    this.mcollective = new LabMcollective({ find: this.find, durations: this.durations });
  }

  readonly find = (identity: string): VirtualNode | undefined =>
    this.nodes.find((node) => node.identity === identity);

  readonly power: PowerHook = (name, action) => {
    const macs = this.#view?.macsOfSystem(name) ?? [];
    const node = this.nodes.find((candidate) => candidate.macs.some((mac) => macs.includes(mac)));
    if (node === undefined) return;
    this.#logger.info('lab node power action', { lab_node: node.name, action });
    if (action === 'off') node.powerOff();
    else if (action === 'on') node.powerOn();
    else node.powerCycle();
  };

  async reportAll(): Promise<void> {
    await Promise.all([...this.#reporters.values()].map((reporter) => reporter.report()));
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) node.halt();
    await Promise.all([...this.#reporters.values()].map((reporter) => reporter.stop()));
    this.#logger.info('lab stopped', { nodes: this.nodes.length });
  }
}

/** Writes the nodes' trees, powers the nodes on and starts their agents. */
export function startLab(options: LabOptions): Lab {
  checkCount(options.count);
  const dir = join(options.dataDir, 'lab');
  const lab = new VirtualLab(options, dir);
  for (const node of lab.nodes) node.powerOn();
  options.logger?.info('lab started', { nodes: lab.nodes.length, speed: options.speed ?? 1, dir });

  return lab;
}
