/**
 * The relay's config file (YAML or JSON): which site it serves, how it reaches its queue, the
 * cloud API, Cobbler, MCollective and RabbitMQ, and how it paces its work. Keys are snake_case
 * as in the file; `README.md` documents each one.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { LOG_LEVELS } from './logger.js';

const seconds = z.number().positive();
const count = z.number().int().positive();
const text = z.string().min(1);

const cloudSchema = z
  .object({
    api_url: z.url(),
    credential: text.optional(),
    /** A file holding the credential (kept out of the config file). */
    credential_file: text.optional(),
  })
  .refine((cloud) => (cloud.credential === undefined) !== (cloud.credential_file === undefined), {
    message: 'set exactly one of credential and credential_file',
  });

const queueSchema = z.object({
  /** The site queue's URL, or `local` for the embedded mode's in-process queue. */
  url: z.union([z.literal('local'), z.url()]),
  region: text.optional(),
  sqs_endpoint: z.url().optional(),
  sfn_endpoint: z.url().optional(),
});

const cobblerSchema = z.object({
  url: z.url(),
  username: text.default('cobbler'),
  password: text.default('cobbler'),
  timeout_seconds: seconds.default(120),
  power_poll_seconds: seconds.default(5),
  sync_retry_delay_seconds: seconds.default(10),
});

const mcollectiveSchema = z.object({
  /** MCollective's client.cfg: middleware, psk, libdir with the agents' DDLs. */
  config_path: text,
  ruby: text.default('ruby'),
  pool_size: count.default(1),
  /** Further attempts for nodes that do not answer (Astute's `mc_retries`). */
  retries: z.number().int().nonnegative().default(10),
  retry_delay_seconds: seconds.default(1),
});

const rabbitmqSchema = z.object({
  url: z.string().regex(/^amqps?:\/\//, 'an amqp:// or amqps:// URL'),
  exchange: text.default('nailgun'),
  routing_key: text.default('nailgun'),
  /** Declared and bound so reports wait for the API's consumer; null for none. */
  queue: text.nullable().default('nailgun'),
  outbox_limit: count.default(10_000),
  reconnect_max_seconds: seconds.default(30),
});

const runnerSchema = z
  .object({
    max_in_flight: count.default(10),
    /** Whole seconds: SQS takes no fractions. */
    visibility_timeout_seconds: count.max(43_200).default(120),
    heartbeat_interval_seconds: seconds.default(20),
    wait_seconds: z.number().int().min(0).max(20).default(20),
    stop_grace_seconds: z.number().nonnegative().default(30),
  })
  .refine((runner) => runner.heartbeat_interval_seconds < runner.visibility_timeout_seconds, {
    message: 'heartbeat_interval_seconds must be shorter than visibility_timeout_seconds',
  });

const stepsSchema = z.object({
  provision_poll_seconds: seconds.default(5),
  provision_expected_seconds: seconds.default(600),
  puppet_poll_seconds: seconds.default(1),
  puppet_retries: z.number().int().nonnegative().default(2),
});

const discoverySchema = z.object({
  enabled: z.boolean().default(true),
  host: text.default('0.0.0.0'),
  port: z.number().int().min(0).max(65_535).default(8000),
  timeout_seconds: seconds.default(30),
});

/** The whole file. */
export const RelayConfigSchema = z.object({
  /** The site's name, as registered with `POST /api/sites`. */
  site: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a site name such as dc1'),
  cloud: cloudSchema,
  queue: queueSchema,
  cobbler: cobblerSchema,
  mcollective: mcollectiveSchema,
  /** Absent: progress reports are only logged. */
  rabbitmq: rabbitmqSchema.optional(),
  runner: runnerSchema.prefault({}),
  steps: stepsSchema.prefault({}),
  discovery: discoverySchema.prefault({}),
  /** Where the journal of finished steps lives. */
  state_dir: text.default('/var/lib/fuel-relay'),
  log_level: z.enum(LOG_LEVELS).default('info'),
});
export type RelayConfig = z.infer<typeof RelayConfigSchema>;

/** A config file that could not be read or is not valid. */
export class RelayConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RelayConfigError';
  }
}

/** Validates a parsed config; relative paths are taken from `baseDir`. */
export function parseRelayConfig(value: unknown, baseDir = process.cwd()): RelayConfig {
  const parsed = RelayConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new RelayConfigError(`Invalid relay config: ${issues.join('; ')}`);
  }
  const config = parsed.data;
  const file = config.cloud.credential_file;

  return {
    ...config,
    state_dir: resolve(baseDir, config.state_dir),
    cloud:
      file === undefined
        ? config.cloud
        : { ...config.cloud, credential_file: resolve(baseDir, file) },
    mcollective: {
      ...config.mcollective,
      config_path: resolve(baseDir, config.mcollective.config_path),
    },
  };
}

/** Reads and validates a config file. */
export async function loadRelayConfig(path: string): Promise<RelayConfig> {
  let value: unknown;
  try {
    value = parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RelayConfigError(`Relay config ${path} not readable: ${reason}`, { cause: error });
  }

  return parseRelayConfig(value, dirname(resolve(path)));
}

/** The site credential, from the file or from the config itself. */
export async function readCredential(config: RelayConfig): Promise<string> {
  if (config.cloud.credential !== undefined) return config.cloud.credential;
  const path = config.cloud.credential_file ?? '';
  const credential = (await readFile(path, 'utf8')).trim();
  if (credential === '') throw new RelayConfigError(`Credential file ${path} is empty`);

  return credential;
}
