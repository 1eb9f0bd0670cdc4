import type { Node } from 'constructs';

/** Where the app deploys: real AWS, or LocalStack's free edition (no VPC, RDS or Amazon MQ). */
export const PROFILES = ['aws', 'localstack'] as const;
export type Profile = (typeof PROFILES)[number];

/** Everything the stacks read from CDK context (`cdk.json`, or `-c key=value`). */
export interface FuelConfig {
  profile: Profile;
  /** Starts every stack name; its lower case starts every physical name (two installs, two). */
  prefix: string;
  /** Data centres, each with its relay, site queue and relay principal. */
  sites: string[];
  /** RDS deletion protection (and snapshot on delete); off only for throwaway installs. */
  deletionProtection: boolean;
  /** A standby RDS instance in the second Availability Zone. */
  multiAz: boolean;
  /** Amazon MQ engine version and instance type (single instance unless `multiAz`). */
  brokerEngineVersion: string;
  brokerInstanceType: string;
  /** CIDRs (VPN or Direct Connect) from which relays publish progress to the broker. */
  brokerClientCidrs: string[];
  /** Requests per second (steady, burst) API Gateway admits before answering 429. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Nodes worked on at once in each Map state (Astute's max_nodes_to_provision). */
  maxConcurrency: number;
  /** Receives alarm notifications by email when set. */
  alarmEmail?: string;
  /**
   * A custom domain for the API (with its ACM certificate in the same region), served at the
   * root: fuel2 builds its URLs from an address and a port, with no stage path.
   */
  apiDomain?: { name: string; certificateArn: string };
  /** LocalStack profile: the PostgreSQL the functions reach (from LocalStack's containers). */
  localDatabaseUrl: string;
  /** LocalStack profile: the admin password the migration seeds. */
  localAdminPassword: string;
}

/**
 * Context every app of this project starts with. References between stacks stay "strong"
 * (exports that protect their producer), stated so CDK does not warn about its default.
 */
export const APP_CONTEXT = { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } as const;

const SITE_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const PREFIX = /^[A-Za-z][A-Za-z0-9]{0,19}$/;

/** Reads and checks the app's context; a bad value fails synth with the key's name. */
export function readFuelConfig(node: Node): FuelConfig {
  const sites = list(node, 'sites', ['dc1']);
  for (const site of sites) {
    if (!SITE_NAME.test(site)) throw new Error(`context sites: "${site}" is not a site name`);
  }
  if (sites.length === 0) throw new Error('context sites: at least one site is required');
  const profile = text(node, 'profile', 'aws');
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new Error(`context profile: "${profile}" is not one of ${PROFILES.join(', ')}`);
  }
  const alarmEmail = text(node, 'alarmEmail', '');
  const apiDomain = domain(node);
  const prefix = text(node, 'prefix', profile === 'localstack' ? 'FuelLocal' : 'Fuel');
  if (!PREFIX.test(prefix)) throw new Error(`context prefix: "${prefix}" is not a stack prefix`);

  return {
    profile: profile as Profile,
    prefix,
    sites,
    deletionProtection: flag(node, 'deletionProtection', true),
    multiAz: flag(node, 'multiAz', false),
    brokerEngineVersion: text(node, 'brokerEngineVersion', '3.13'),
    brokerInstanceType: text(node, 'brokerInstanceType', 'mq.t3.micro'),
    brokerClientCidrs: list(node, 'brokerClientCidrs', []),
    apiRateLimit: count(node, 'apiRateLimit', 50),
    apiBurstLimit: count(node, 'apiBurstLimit', 100),
    maxConcurrency: count(node, 'maxConcurrency', 50),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(apiDomain ? { apiDomain } : {}),
    localDatabaseUrl: text(
      node,
      'localDatabaseUrl',
      'postgresql://fuel:fuel@postgres:5432/fuel?sslmode=disable',
    ),
    localAdminPassword: text(node, 'localAdminPassword', 'fuel-localstack-admin'),
  };
}

/** `apiDomainName` and `apiCertificateArn` go together. */
function domain(node: Node): FuelConfig['apiDomain'] {
  const name = text(node, 'apiDomainName', '');
  const certificateArn = text(node, 'apiCertificateArn', '');
  if (!name && !certificateArn) return undefined;
  if (!name || !certificateArn) {
    throw new Error('context apiDomainName and apiCertificateArn must be given together');
  }
  return { name, certificateArn };
}

/** A list from cdk.json (an array) or from `-c key=a,b` (a string). */
function list(node: Node, key: string, fallback: string[]): string[] {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return fallback;
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((item) => String(item).trim()).filter(Boolean);
}

function text(node: Node, key: string, fallback: string): string {
  const value: unknown = node.tryGetContext(key);
  return value === undefined ? fallback : String(value);
}

/** A boolean from cdk.json (true/false) or from `-c key=true` (a string). */
function flag(node: Node, key: string, fallback: boolean): boolean {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`context ${key}: "${String(value)}" is not true or false`);
}

function count(node: Node, key: string, fallback: number): number {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`context ${key}: "${String(value)}" is not a non-negative integer`);
  }
  return parsed;
}
