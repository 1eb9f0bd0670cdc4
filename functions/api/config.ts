import { type CoreSettings, DEFAULT_SETTINGS } from '../core/context.js';
import type { LogLevel } from '../core/logger.js';

/** Settings read from the environment, shared by every host of the API. */
export interface EnvConfig {
  databaseUrl?: string;
  adminPassword?: string;
  tokenSecret?: string;
  tokenTtlSeconds: number;
  agentCidrs: string[];
  logLevel: LogLevel;
  settings: CoreSettings;
}

const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error']);

export function readEnvConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const ttl = Number(env.FUEL_TOKEN_TTL ?? 28_800);
  const level = env.LOG_LEVEL ?? 'info';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.FUEL_ADMIN_PASSWORD || undefined,
    tokenSecret: env.FUEL_TOKEN_SECRET || undefined,
    tokenTtlSeconds: Number.isInteger(ttl) && ttl > 0 ? ttl : 28_800,
    agentCidrs: (env.FUEL_AGENT_CIDRS ?? '127.0.0.0/8,::1/128')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: (LOG_LEVELS.has(level) ? level : 'info') as LogLevel,
    settings: {
      ...DEFAULT_SETTINGS,
      dnsDomain: env.FUEL_DNS_DOMAIN || DEFAULT_SETTINGS.dnsDomain,
      masterIp: env.FUEL_MASTER_IP || DEFAULT_SETTINGS.masterIp,
      ...(env.FUEL_PUPPET_SOURCE ? { puppetSource: env.FUEL_PUPPET_SOURCE } : {}),
    },
  };
}
