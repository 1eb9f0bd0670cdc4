import type { Database } from '../db/database.js';
import type { Logger } from './logger.js';

/** Installation-wide facts the domain needs (Nailgun's settings.yaml, the parts we keep). */
export interface CoreSettings {
  /** Product release reported by GET /version and stored as a cluster's fuel_version. */
  fuelVersion: string;
  /** Domain of node FQDNs: node-1.<dnsDomain>. */
  dnsDomain: string;
  /** Seconds without agent contact after which a node is marked offline. */
  keepaliveSeconds: number;
  /** Address of the master (relay) on the admin network: DNS, NTP and MCollective for nodes. */
  masterIp: string;
  /**
   * Where nodes sync Puppet code from: a base holding `modules/` and `manifests/` (an rsync URL,
   * or a path on the node). Unset: Fuel's `rsync://<masterIp>:/puppet/`.
   */
  puppetSource?: string;
}

export const DEFAULT_SETTINGS: CoreSettings = {
  fuelVersion: '10.0',
  dnsDomain: 'domain.tld',
  keepaliveSeconds: 180,
  masterIp: '10.20.0.2',
};

/** What every domain service receives: the database, a logger and a clock (tests move it). */
export interface CoreContext {
  db: Database;
  logger: Logger;
  settings: CoreSettings;
  now: () => Date;
}
