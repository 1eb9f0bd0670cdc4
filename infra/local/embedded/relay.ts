/**
 * The relay of the embedded mode, in-process on the local site queue: against the simulated
 * site (Cobbler simulator and the lab) by default, or against a real Cobbler and MCollective
 * when `FUEL_RELAY_CONFIG` names a relay config file.
 */
import { join } from 'node:path';
import { loadRelayConfig } from '../../../agent/relay/config.js';
import { startDiscoveryProxy } from '../../../agent/relay/discovery-proxy.js';
import { openFileJournal } from '../../../agent/relay/idempotency.js';
import type { RelayLogger } from '../../../agent/relay/logger.js';
import { startRelay } from '../../../agent/relay/relay.js';
import { startRelayService } from '../../../agent/relay/service.js';
import type { CoreContext } from '../../../functions/core/context.js';
import type { ProgressBroker } from '../background.js';
import type { Lab } from '../lab/index.js';
import { createLocalTransport } from '../queue/local-transport.js';
import type { EmbeddedRuntime } from '../runtime.js';
import { progressPublisher } from './progress-sink.js';
import { type LabSettings, type SimulatedSite, startSimulatedSite } from './simulated-site.js';

/** Where the relay runs and what it drives. */
export interface EmbeddedRelayOptions {
  ctx: CoreContext;
  runtime: EmbeddedRuntime;
  dataDir: string;
  /** The API's base URL (no `/api`), where the discovery proxy forwards. */
  apiBaseUrl: string;
  /** The site credential, for the discovery proxy (simulated site only). */
  credential: () => Promise<string>;
  lab: LabSettings;
  /** Port of the discovery proxy on 127.0.0.1; 0 picks a free one. */
  discoveryPort: number;
  /** Progress goes through this RabbitMQ; in-process when undefined. */
  amqp?: ProgressBroker | undefined;
  /** A relay config file: a real Cobbler and MCollective instead of the simulated site. */
  relayConfigPath?: string | undefined;
}

/** A running in-process relay. */
export interface EmbeddedRelay {
  readonly mode: 'simulated' | 'configured';
  /** The simulated site; undefined with a relay config. */
  readonly site: SimulatedSite | undefined;
  readonly lab: Lab | undefined;
  readonly discoveryUrl: string | undefined;
  stop(): Promise<void>;
}

/** Steps at once: a lab's nodes are all provisioned and deployed side by side. */
const MAX_IN_FLIGHT = 100;
/** Steps still running at shutdown get this long; their messages are redelivered after. */
const STOP_GRACE_MS = 2_000;

/** Starts the relay the options describe. */
export function startEmbeddedRelay(options: EmbeddedRelayOptions): Promise<EmbeddedRelay> {
  return options.relayConfigPath === undefined
    ? startSimulated(options)
    : startConfigured(options, options.relayConfigPath);
}

function localTransport(runtime: EmbeddedRuntime) {
  return createLocalTransport({
    queue: runtime.queue,
    tokens: runtime.tokens,
    queueUrl: runtime.orchestration.queueUrl,
  });
}

/** The proxy the lab's agents report to, then the simulated site behind it. */
async function startProxyAndSite(options: EmbeddedRelayOptions, logger: RelayLogger) {
  const proxy = await startDiscoveryProxy({
    cloudApiUrl: options.apiBaseUrl,
    credential: await options.credential(),
    host: '127.0.0.1',
    port: options.discoveryPort,
    logger: logger.child({ component: 'discovery' }),
  });
  try {
    const site = await startSimulatedSite({
      lab: options.lab,
      dataDir: options.dataDir,
      proxyUrl: proxy.url,
      logger: options.ctx.logger,
    });
    return { proxy, site };
  } catch (error) {
    await proxy.close();
    throw error;
  }
}

async function startSimulated(options: EmbeddedRelayOptions): Promise<EmbeddedRelay> {
  const logger: RelayLogger = options.ctx.logger.child({ component: 'relay' });
  const journal = await openFileJournal({ dir: join(options.dataDir, 'relay') });
  const { proxy, site } = await startProxyAndSite(options, logger).catch(async (error) => {
    await journal.close();
    throw error;
  });
  const progress = progressPublisher(options.ctx, options.amqp, logger);
  const runner = startRelay({
    transport: localTransport(options.runtime),
    cobbler: site.cobblerDriver,
    mcollective: site.mco,
    progress,
    journal,
    logger,
    runner: { maxInFlight: MAX_IN_FLIGHT, stopGraceMs: STOP_GRACE_MS },
    timings: site.timings,
  });
  logger.info('relay started', { cobbler: site.cobbler.url, max_in_flight: MAX_IN_FLIGHT });

  return {
    mode: 'simulated',
    site,
    lab: site.lab,
    discoveryUrl: proxy.url,
    async stop() {
      // The lab first: its agents' reports still in flight need the proxy and the API.
      await site.lab?.stop();
      await proxy.close();
      await runner.stop();
      await progress.close();
      await site.mco.close();
      await journal.close();
      await site.close();
    },
  };
}

async function startConfigured(
  options: EmbeddedRelayOptions,
  path: string,
): Promise<EmbeddedRelay> {
  const config = await loadRelayConfig(path);
  const logger: RelayLogger = options.ctx.logger.child({ component: 'relay', site: config.site });
  const progress =
    config.rabbitmq === undefined
      ? progressPublisher(options.ctx, options.amqp, logger)
      : undefined;
  const service = await startRelayService(config, {
    transport: localTransport(options.runtime),
    logger,
    ...(progress === undefined ? {} : { progress }),
  });
  logger.info('relay configured for a real site, lab off', { config: path });

  return {
    mode: 'configured',
    site: undefined,
    lab: undefined,
    discoveryUrl: service.discovery?.url,
    stop: () => service.stop(),
  };
}
