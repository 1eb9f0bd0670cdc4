import { checkIn } from './client.js';
import { type AgentSettings, readSettings } from './config.js';
import { masterHost, masterIpv4, type ProbeOptions, resolveApiUrl } from './endpoint.js';
import { AgentError } from './errors.js';
import type { Host } from './host.js';
import type { AgentLogger } from './logger.js';
import type { AgentPayload } from './meta-types.js';
import { isDiscoveryStopped, NODISCOVER_FILE } from './node-files.js';
import { buildPayload } from './payload.js';
import { collectReport } from './report.js';

/** How one run ended. */
export type RunOutcome =
  | { state: 'skipped' }
  | { state: 'reported'; id: number; cached: boolean }
  | { state: 'failed'; reason: AgentError['reason'] };

/** How a run reaches Nailgun. */
export interface RunOptions {
  /** The API root to use as is; by default the master from the settings is probed. */
  apiUrl?: string | undefined;
  probe?: ProbeOptions;
  timeoutMs?: number;
  logger: AgentLogger;
}

async function describeNode(
  host: Host,
  settings: AgentSettings,
  master: string,
  logger: AgentLogger,
): Promise<AgentPayload> {
  const masterIp = await masterIpv4(master);
  return buildPayload(await collectReport(host, { settings, masterIp, logger }));
}

/** Reads the settings and describes the node: the payload a run would send. */
export async function buildNodePayload(
  host: Host,
  logger: AgentLogger,
  apiUrl?: string,
): Promise<AgentPayload> {
  const settings = await readSettings(host);
  return describeNode(host, settings, masterHost(apiUrl ?? settings.url), logger);
}

async function report(host: Host, options: RunOptions): Promise<RunOutcome> {
  const { logger } = options;
  const settings = await readSettings(host);
  const master = masterHost(options.apiUrl ?? settings.url);
  const apiUrl = options.apiUrl ?? (await resolveApiUrl(master, options.probe));
  logger.debug('api chosen', { api_url: apiUrl });
  const payload = await describeNode(host, settings, master, logger);
  const result = await checkIn(host, payload, { apiUrl, timeoutMs: options.timeoutMs });
  logger.info('node reported', {
    node_id: result.id,
    cached: result.cached,
    calls: result.calls.map((c) => `${c.method} ${c.status}`),
  });
  return { state: 'reported', id: result.id, cached: result.cached };
}

/**
 * One run of the agent: unless reporting is switched off on the node, describe it and check in
 * with Nailgun. A failed exchange is logged with its reason and left to the next run.
 */
export async function runAgent(host: Host, options: RunOptions): Promise<RunOutcome> {
  if (await isDiscoveryStopped(host)) {
    options.logger.info('reporting switched off', { file: NODISCOVER_FILE });
    return { state: 'skipped' };
  }
  try {
    return await report(host, options);
  } catch (error) {
    if (error instanceof AgentError) {
      options.logger.error('report failed', { reason: error.reason, detail: error.message });
      return { state: 'failed', reason: error.reason };
    }
    // A fault of the agent itself (a file it cannot write...): the loop must survive it too.
    options.logger.error('report failed', { reason: 'internal_error', error });
    return { state: 'failed', reason: 'internal_error' };
  }
}
