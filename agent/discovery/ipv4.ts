/** A dotted IPv4 address as a 32-bit number, or undefined when it is not one. */
export function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    return undefined;
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Whether `address` is in the network of `own` with `netmask` (all dotted IPv4). */
export function sameSubnet(address: string, own: string, netmask: string): boolean {
  const [a, b, m] = [ipv4ToNumber(address), ipv4ToNumber(own), ipv4ToNumber(netmask)];
  if (a === undefined || b === undefined || m === undefined) return false;
  // `>>> 0` keeps the bitwise results unsigned, as addresses are.
  return (a & m) >>> 0 === (b & m) >>> 0;
}
