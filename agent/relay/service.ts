/**
 * A relay built from its config file: the drivers, the transport, the progress publisher, the
 * journal, the runner and the discovery proxy, and one `stop` that ends them in order. The
 * embedded mode passes its own transport (the local queue) and, if it likes, its own publisher.
 */
import { createCobblerDriver } from './cobbler-from-config.js';
import { type RelayConfig, readCredential } from './config.js';
import { type DiscoveryProxy, startDiscoveryProxy } from './discovery-proxy.js';
import { createMcoDriver } from './drivers/mcollective/index.js';
import { openFileJournal } from './idempotency.js';
import { createJsonLogger, type RelayLogger } from './logger.js';
import { createAmqpPublisher } from './progress/amqp-publisher.js';
import { createCallbackPublisher, type ProgressPublisher } from './progress/publisher.js';
import { startRelay } from './relay.js';
import type { RunnerHandle } from './runner.js';
import { createAwsTransport } from './transport/aws-transport.js';
import type { StepTransport } from './transport/step-transport.js';

/** Ports to use instead of the ones the config describes. */
export interface RelayOverrides {
  transport?: StepTransport;
  progress?: ProgressPublisher;
  logger?: RelayLogger;
}

/** A started relay. */
export interface RelayService {
  readonly runner: RunnerHandle;
  /** Undefined when the config disables it. */
  readonly discovery: DiscoveryProxy | undefined;
  /** Stops receiving, lets steps finish for the grace time, then closes everything. */
  stop(): Promise<void>;
}

/** Starts everything the config describes. */
export async function startRelayService(
  config: RelayConfig,
  overrides: RelayOverrides = {},
): Promise<RelayService> {
  const logger =
    overrides.logger ??
    createJsonLogger({ level: config.log_level, fields: { site: config.site } });
  const transport = overrides.transport ?? awsTransport(config);
  const credential = await readCredential(config);
  const journal = await openFileJournal({ dir: config.state_dir });
  const progress = overrides.progress ?? publisherFor(config, logger);
  const mcollective = mcoDriver(config, logger);
  let discovery: DiscoveryProxy | undefined;
  try {
    discovery = config.discovery.enabled ? await startProxy(config, credential, logger) : undefined;
  } catch (error) {
    await Promise.allSettled([progress.close(), mcollective.close(), journal.close()]);
    throw error;
  }
  const runner = startRelay({
    transport,
    cobbler: createCobblerDriver(config, logger.child({ driver: 'cobbler' })),
    mcollective,
    progress,
    journal,
    logger,
    runner: runnerSettings(config),
    timings: stepTimings(config),
  });
  logger.info('relay started', {
    queue: config.queue.url,
    max_in_flight: config.runner.max_in_flight,
  });

  return {
    runner,
    discovery,
    async stop() {
      await discovery?.close();
      await runner.stop();
      await progress.close();
      await mcollective.close();
      await journal.close();
      logger.info('relay stopped');
    },
  };
}

function startProxy(
  config: RelayConfig,
  credential: string,
  logger: RelayLogger,
): Promise<DiscoveryProxy> {
  return startDiscoveryProxy({
    cloudApiUrl: config.cloud.api_url,
    credential,
    host: config.discovery.host,
    port: config.discovery.port,
    timeoutMs: config.discovery.timeout_seconds * 1000,
    logger: logger.child({ component: 'discovery' }),
  });
}

function awsTransport(config: RelayConfig): StepTransport {
  const { url, region, sqs_endpoint: sqsEndpoint, sfn_endpoint: sfnEndpoint } = config.queue;
  if (url === 'local') {
    throw new Error('queue.url "local" needs the embedded mode, which passes its own transport');
  }

  return createAwsTransport({ queueUrl: url, region, sqsEndpoint, sfnEndpoint });
}

function publisherFor(config: RelayConfig, logger: RelayLogger): ProgressPublisher {
  const rabbitmq = config.rabbitmq;
  if (rabbitmq === undefined) {
    logger.warn('no rabbitmq configured, progress reports are only logged');
    return createCallbackPublisher((message) => logger.debug('progress report', { message }));
  }

  return createAmqpPublisher({
    url: rabbitmq.url,
    exchange: rabbitmq.exchange,
    routingKey: rabbitmq.routing_key,
    queue: rabbitmq.queue,
    outboxLimit: rabbitmq.outbox_limit,
    reconnect: { initialMs: 500, maxMs: rabbitmq.reconnect_max_seconds * 1000 },
    connectionName: `fuel-relay-${config.site}`,
    logger: logger.child({ component: 'progress' }),
  });
}

function mcoDriver(config: RelayConfig, logger: RelayLogger) {
  const mco = config.mcollective;

  return createMcoDriver({
    configPath: mco.config_path,
    ruby: mco.ruby,
    poolSize: mco.pool_size,
    retries: mco.retries,
    retryDelayMs: mco.retry_delay_seconds * 1000,
    logger: logger.child({ driver: 'mcollective' }),
  });
}

function runnerSettings(config: RelayConfig) {
  const runner = config.runner;

  return {
    maxInFlight: runner.max_in_flight,
    visibilityTimeoutSeconds: runner.visibility_timeout_seconds,
    heartbeatIntervalMs: runner.heartbeat_interval_seconds * 1000,
    waitSeconds: runner.wait_seconds,
    stopGraceMs: runner.stop_grace_seconds * 1000,
  };
}

function stepTimings(config: RelayConfig) {
  const steps = config.steps;

  return {
    provisionPollMs: steps.provision_poll_seconds * 1000,
    provisionExpectedMs: steps.provision_expected_seconds * 1000,
    puppetPollMs: steps.puppet_poll_seconds * 1000,
    puppetRetries: steps.puppet_retries,
  };
}
