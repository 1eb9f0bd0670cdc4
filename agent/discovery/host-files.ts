import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Host } from './host.js';

/** The path of `path` (absolute, as on the node) inside the host's root. */
export function hostPath(host: Host, path: string): string {
  return join(host.root, path);
}

/** A file's text without surrounding white space, or undefined when it cannot be read. */
export async function readText(host: Host, path: string): Promise<string | undefined> {
  try {
    return (await readFile(hostPath(host, path), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** A file's text as a non-empty string, or undefined. */
export async function readValue(host: Host, path: string): Promise<string | undefined> {
  const text = await readText(host, path);
  return text === undefined || text === '' ? undefined : text;
}

/** A file holding one integer (sysfs style), or undefined when absent or not a number. */
export async function readInteger(host: Host, path: string): Promise<number | undefined> {
  const text = await readText(host, path);
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** Names in a directory, sorted; empty when the directory is absent. */
export async function listDir(host: Host, path: string): Promise<string[]> {
  try {
    return (await readdir(hostPath(host, path))).sort();
  } catch {
    return [];
  }
}

/** Whether anything (file, directory or link, even dangling) exists at `path`. */
export async function exists(host: Host, path: string): Promise<boolean> {
  try {
    await lstat(hostPath(host, path));
    return true;
  } catch {
    return false;
  }
}

/** A symbolic link's target as written in the link, or undefined when it is no link. */
export async function linkTarget(host: Host, path: string): Promise<string | undefined> {
  try {
    return await readlink(hostPath(host, path));
  } catch {
    return undefined;
  }
}

/** The last part of a symbolic link's target (`device/driver` → `virtio_net`). */
export async function linkName(host: Host, path: string): Promise<string | undefined> {
  const target = await linkTarget(host, path);
  return target === undefined ? undefined : basename(target);
}

/**
 * The parts of the resolved path of `path` below the root (`/sys/class/net/eth0/device` →
 * `['sys', 'devices', 'pci0000:00', '0000:00:03.0', 'virtio0']`), or undefined.
 */
export async function resolvedParts(host: Host, path: string): Promise<string[] | undefined> {
  try {
    const [real, root] = await Promise.all([realpath(hostPath(host, path)), realpath(host.root)]);
    const below = root === '/' ? real : real.slice(root.length);
    return below.split('/').filter((p) => p !== '');
  } catch {
    return undefined;
  }
}
