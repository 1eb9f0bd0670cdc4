/**
 * The embedded mode's settings from the environment: the API's (`readEnvConfig`) plus where it
 * listens, where it keeps its data, and what the in-process relay drives.
 */
import { type EnvConfig, readEnvConfig } from '../../../functions/api/config.js';
import type { ProgressBroker } from '../background.js';
import { MAX_LAB_NODES, parseLabSpeed } from '../lab/index.js';
import type { LabSettings } from './simulated-site.js';

/** Everything `startEmbedded` needs. */
export interface EmbeddedSettings {
  config: EnvConfig;
  /** `FUEL_DATA_DIR`: PGlite's files, the lab's nodes, the relay's journal and credential. */
  dataDir: string;
  /** `HOST`, `PORT`: where the API listens (0 picks a free port). */
  host: string;
  port: number;
  /** `AMQP_URL`: progress goes through RabbitMQ instead of straight to the database. */
  amqp?: ProgressBroker | undefined;
  /** `FUEL_RELAY_CONFIG`: drive a real Cobbler and MCollective; the lab is off then. */
  relayConfigPath?: string | undefined;
  /** `FUEL_LAB_NODES`, `FUEL_LAB_SPEED`, `FUEL_LAB_REPORT_SECONDS`. */
  lab: LabSettings;
  /** `FUEL_DISCOVERY_PORT`: the discovery proxy's port on 127.0.0.1 (0 picks a free port). */
  discoveryPort: number;
}

/** Lab nodes when `FUEL_LAB_NODES` is unset. */
export const DEFAULT_LAB_NODES = 5;

function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be a whole number from 0 to ${max}, not "${text}"`);
  }

  return value;
}

/** Reads the settings; a malformed value throws with the variable's name. */
export function readEmbeddedSettings(env: NodeJS.ProcessEnv = process.env): EmbeddedSettings {
  const reportSeconds = wholeNumber(env, 'FUEL_LAB_REPORT_SECONDS', 60);

  return {
    config: readEnvConfig(env),
    dataDir: env.FUEL_DATA_DIR || '.fuel-data',
    host: env.HOST || '127.0.0.1',
    port: wholeNumber(env, 'PORT', 8000, 65_535),
    amqp: env.AMQP_URL ? { url: env.AMQP_URL } : undefined,
    relayConfigPath: env.FUEL_RELAY_CONFIG || undefined,
    lab: {
      nodes: wholeNumber(env, 'FUEL_LAB_NODES', DEFAULT_LAB_NODES, MAX_LAB_NODES),
      speed: parseLabSpeed(env.FUEL_LAB_SPEED),
      reportIntervalMs: Math.max(1, reportSeconds) * 1000,
    },
    discoveryPort: wholeNumber(env, 'FUEL_DISCOVERY_PORT', 0, 65_535),
  };
}
