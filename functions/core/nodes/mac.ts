/** A MAC address as Nailgun's schema accepts it: six hex pairs separated by ':' or '-'. */
export const MAC_PATTERN = /^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$/;

/** The stored form of a MAC address: lower-case, colon-separated (PostgreSQL's macaddr output). */
export function normalizeMac(mac: string): string {
  return mac.toLowerCase().replaceAll('-', ':');
}
