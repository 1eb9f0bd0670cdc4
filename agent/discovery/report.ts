import { collectCpu } from './collect/cpu.js';
import { collectDisks } from './collect/disks.js';
import { collectMemory } from './collect/memory.js';
import { collectNumaTopology } from './collect/numa.js';
import { osPlatform } from './collect/os-release.js';
import { collectPciDevices, DEFAULT_LSHW_TIMEOUT_SECONDS } from './collect/pci-devices.js';
import {
  type DmiFacts,
  manufacturerOf,
  platformNameOf,
  readDmi,
  readHostname,
  systemInfo,
} from './collect/system.js';
import { detectVirtualization, type Virtualization } from './collect/virtualization.js';
import { type AgentSettings, bootInterfaceMac } from './config.js';
import type { Host } from './host.js';
import type { NodeIdentity } from './identity.js';
import type { AgentLogger } from './logger.js';
import type { NodeMeta, ReportBody } from './meta-types.js';
import { collectNetwork } from './network.js';
import { isBootstrap } from './node-files.js';

/** What the report needs besides the machine. */
export interface ReportOptions {
  settings: AgentSettings;
  /** The master's IPv4 address, to find the admin interface. */
  masterIp?: string | undefined;
  logger: AgentLogger;
}

/** Runs one collector; a failure is logged and leaves its section out of the report. */
function guarded(logger: AgentLogger) {
  return async <T>(section: string, collect: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await collect();
    } catch (error) {
      logger.warn('hardware section not collected', { section, error });
      return undefined;
    }
  };
}

function lshwTimeout(settings: AgentSettings): number {
  const seconds = Number(settings.lshw_timeout);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_LSHW_TIMEOUT_SECONDS;
}

/** Drops members whose collection failed, so they are absent rather than undefined. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The `meta` section and the facts the top-level keys are derived from. */
interface Hardware {
  meta: NodeMeta;
  identity: NodeIdentity | undefined;
  dmi: DmiFacts;
  virtual: Virtualization;
}

async function collectHardware(
  host: Host,
  options: ReportOptions,
  bootstrap: boolean,
): Promise<Hardware> {
  const { settings } = options;
  const attempt = guarded(options.logger);
  const cpu = await attempt('cpu', () => collectCpu(host));
  const flags = cpu?.flags ?? [];
  const dmi = (await attempt('system', () => readDmi(host))) ?? {};
  const virtual = detectVirtualization(dmi, flags);
  const numa = await attempt('numa_topology', () => collectNumaTopology(host, flags));
  const hints = { masterIp: options.masterIp, bootMac: bootInterfaceMac(settings) };
  const network = await attempt('interfaces', () => collectNetwork(host, numa, hints));
  const includeUsb = 'report_usb_block_devices' in settings;
  const fqdn = await readHostname(host);
  const meta: NodeMeta = present({
    system: systemInfo(dmi, virtual, { runtimeUuid: settings.runtime_uuid, fqdn }),
    interfaces: network?.interfaces ?? [],
    cpu: cpu?.cpu,
    disks: (await attempt('disks', () => collectDisks(host, { includeUsb }))) ?? [],
    memory: await attempt('memory', () => collectMemory(host)),
    pci_devices: bootstrap ? await collectPciDevices(host, lshwTimeout(settings)) : {},
    numa_topology: numa,
  });
  return { meta, identity: network?.identity, dmi, virtual };
}

/**
 * Describes the node as fuel-nailgun-agent did (reference §5): the admin MAC and IP, the OS,
 * the vendor and product, the hardware `meta` and, on the discovery image only, the status
 * `discover`. A hardware section that cannot be collected is left out of `meta`.
 */
export async function collectReport(host: Host, options: ReportOptions): Promise<ReportBody> {
  const bootstrap = await isBootstrap(host);
  const { meta, identity, dmi, virtual } = await collectHardware(host, options, bootstrap);

  return present({
    mac: identity?.mac,
    ip: identity?.ip ?? null,
    os_platform: await osPlatform(host),
    manufacturer: manufacturerOf(dmi, virtual),
    platform_name: platformNameOf(dmi, virtual),
    meta,
    status: bootstrap ? ('discover' as const) : undefined,
    is_agent: true as const,
  });
}
