import type { RelayConfig } from './config.js';
import { CobblerDriver } from './drivers/cobbler/index.js';
import type { RelayLogger } from './logger.js';

/** The Cobbler driver of the config's `cobbler` section. */
export function createCobblerDriver(config: RelayConfig, logger: RelayLogger): CobblerDriver {
  const cobbler = config.cobbler;

  return new CobblerDriver({
    url: cobbler.url,
    username: cobbler.username,
    password: cobbler.password,
    timeoutMs: cobbler.timeout_seconds * 1000,
    powerPollIntervalMs: cobbler.power_poll_seconds * 1000,
    syncRetryDelayMs: cobbler.sync_retry_delay_seconds * 1000,
    logger,
  });
}
