/**
 * IPv4/IPv6 addresses and CIDR blocks as numbers, for membership tests (agent CIDRs, admin
 * networks) and network validation. No dependency: the rules are small and well known.
 */
export interface Cidr {
  version: 4 | 6;
  network: bigint;
  prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses an address to its numeric value and family, or undefined when it is not one. */
export function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 === undefined) return undefined;
  // ::ffff:a.b.c.d is how dual-stack sockets report IPv4 peers.
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

export function parseIpv4(text: string): bigint | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (const part of m.slice(1)) {
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let body = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = body.indexOf('%');
  if (zone >= 0) body = body.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(body) || body.split('::').length > 2) return undefined;
  const [head = '', tail] = body.split('::');
  const groups = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(BigInt(`0x${piece}`));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<bigint>(tail === undefined ? 0 : missing).fill(0n), ...right];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses "a.b.c.d/n" (or IPv6). With `strict`, host bits must be zero, as Nailgun requires. */
export function parseCidr(text: string, strict = false): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = ip.version === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const mask = prefixMask(prefix, bits);
  if (strict && (ip.value & ~mask & ((1n << BigInt(bits)) - 1n)) !== 0n) return undefined;
  return { version: ip.version, network: ip.value & mask, prefix };
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const ip = parseIp(address);
  if (!ip || ip.version !== cidr.version) return false;
  const bits = cidr.version === 4 ? 32 : 128;
  return (ip.value & prefixMask(cidr.prefix, bits)) === cidr.network;
}

/** First and last address of a block (network and broadcast for IPv4). */
export function cidrBounds(cidr: Cidr): { first: bigint; last: bigint } {
  const bits = cidr.version === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - cidr.prefix);
  return { first: cidr.network, last: cidr.network + size - 1n };
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  const x = cidrBounds(a);
  const y = cidrBounds(b);
  return x.first <= y.last && y.first <= x.last;
}

export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** The dotted netmask of an IPv4 prefix: 24 → 255.255.255.0. */
export function ipv4Netmask(prefix: number): string {
  return formatIpv4(prefixMask(prefix, 32));
}

function prefixMask(prefix: number, bits: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return (all << BigInt(bits - prefix)) & all;
}
