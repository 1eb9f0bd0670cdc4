import type { Host } from '../host.js';
import { readText } from '../host-files.js';

/** The operating system's id in lower case (`ubuntu`, `centos`), from `/etc/os-release`. */
export async function osPlatform(host: Host): Promise<string | null> {
  const text = (await readText(host, '/etc/os-release')) ?? '';
  const id = /^ID=["']?([^"'\n]*)["']?$/m.exec(text)?.[1];
  return id ? id.toLowerCase() : null;
}
