import { networkInterfaces } from 'node:os';
import { type CommandRunner, noCommands, systemCommandRunner } from './commands.js';

/** One IPv4 address of an interface, as the kernel reports it. */
export interface InterfaceAddress {
  address: string;
  netmask: string;
}

/** IPv4 addresses per interface name. */
export type AddressMap = Readonly<Record<string, readonly InterfaceAddress[]>>;

/**
 * The machine the agent describes: a directory standing for `/` (so tests and `--root` read a
 * fake `/sys`, `/proc`, `/etc`, `/dev` tree), the optional tools it may run, and the IPv4
 * addresses of its interfaces.
 */
export interface Host {
  root: string;
  run: CommandRunner;
  addresses(): AddressMap;
}

/** IPv4 addresses of this machine's interfaces, from the kernel. */
export function systemAddresses(): AddressMap {
  const result: Record<string, InterfaceAddress[]> = {};
  for (const [name, entries] of Object.entries(networkInterfaces())) {
    const ipv4 = (entries ?? []).filter((e) => e.family === 'IPv4' && !e.internal);
    result[name] = ipv4.map((e) => ({ address: e.address, netmask: e.netmask }));
  }
  return result;
}

/**
 * The host the agent runs on. With a root other than `/` the files are a fake tree, so no tool
 * is run (it would describe the real machine), while addresses still come from the kernel.
 */
export function localHost(root = '/'): Host {
  const real = root === '/';
  return {
    root,
    run: real ? systemCommandRunner : noCommands,
    addresses: systemAddresses,
  };
}
