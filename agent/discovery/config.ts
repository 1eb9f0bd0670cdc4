import type { Host } from './host.js';
import { readText } from './host-files.js';
import { AGENT_CONFIG_FILE } from './node-files.js';

/**
 * The agent's settings: keys of `/etc/nailgun-agent/config.yaml` overridden by the
 * `key=value` words of the kernel command line (`url=http://10.20.0.2:8000/api`, `BOOTIF=`,
 * `runtime_uuid=`...). A word without `=` is present with an empty value.
 */
export type AgentSettings = Readonly<Record<string, string>>;

/** `key=value` words of a kernel command line; the first `=` splits. */
export function parseCmdline(text: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const eq = word.indexOf('=');
    if (eq === -1) settings[word] = '';
    else settings[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return settings;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted?.[2] ?? value.replace(/\s+#.*$/, '');
}

/**
 * Top-level `key: value` lines of a YAML file. The agent's config file is a flat map; nested
 * blocks, lists and comments are skipped rather than parsed (no YAML library on the image).
 */
export function parseFlatYaml(text: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9_.-]+):(?:\s+(.*?))?\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) settings[match[1]] = unquote(match[2]);
  }
  return settings;
}

/** Reads the config file and the kernel command line; either may be absent. */
export async function readSettings(host: Host): Promise<AgentSettings> {
  const [file, cmdline] = await Promise.all([
    readText(host, AGENT_CONFIG_FILE),
    readText(host, '/proc/cmdline'),
  ]);
  return { ...parseFlatYaml(file ?? ''), ...parseCmdline(cmdline ?? '') };
}

/** The MAC of `BOOTIF=01-52-54-00-12-34-56` (PXELINUX prefixes the hardware type). */
export function bootInterfaceMac(settings: AgentSettings): string | undefined {
  const match = /^(?:[0-9a-f]{2}-)?((?:[0-9a-f]{2}-){5}[0-9a-f]{2})$/i.exec(settings.BOOTIF ?? '');
  return match?.[1]?.replaceAll('-', ':').toLowerCase();
}
