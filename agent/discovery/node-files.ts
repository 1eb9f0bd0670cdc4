import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Host } from './host.js';
import { exists, hostPath, readText } from './host-files.js';

/** The node id Nailgun gave, written after every successful call. */
export const UID_FILE = '/etc/nailgun_uid';

/** What the node booted: `bootstrap` (discovery image), `image`, `target`, `reprovisioned`. */
export const SYSTEMTYPE_FILE = '/etc/nailgun_systemtype';

/** Present while the node must not report (written by `erase_node`). */
export const NODISCOVER_FILE = '/etc/nailgun-agent/nodiscover';

/** The agent's settings file. */
export const AGENT_CONFIG_FILE = '/etc/nailgun-agent/config.yaml';

/** The first line of the system type file, or undefined. */
export async function readSystemType(host: Host): Promise<string | undefined> {
  const text = await readText(host, SYSTEMTYPE_FILE);
  return text?.split('\n')[0]?.trim();
}

/** Whether the node runs the discovery image. */
export async function isBootstrap(host: Host): Promise<boolean> {
  return (await readSystemType(host)) === 'bootstrap';
}

/** Whether reporting is switched off on this node. */
export function isDiscoveryStopped(host: Host): Promise<boolean> {
  return exists(host, NODISCOVER_FILE);
}

/** Whether the node was registered before (the agent then updates instead of registering). */
export function hasUid(host: Host): Promise<boolean> {
  return exists(host, UID_FILE);
}

/** Writes the node id unless the file already holds it; true when the file changed. */
export async function writeUid(host: Host, id: number): Promise<boolean> {
  const text = String(id);
  if ((await readText(host, UID_FILE)) === text) return false;
  const path = hostPath(host, UID_FILE);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return true;
}
