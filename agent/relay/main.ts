/**
 * The relay as a command: `tsx agent/relay/main.ts --config relay.yaml`. Runs until SIGINT or
 * SIGTERM, then stops receiving, lets running steps finish for the grace time and exits.
 */
import { parseArgs } from 'node:util';
import { loadRelayConfig, RelayConfigError } from './config.js';
import { startRelayService } from './service.js';

const USAGE = 'usage: tsx agent/relay/main.ts --config <relay.yaml>';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true || values.config === undefined) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = values.help === true ? 0 : 2;
    return;
  }
  const config = await loadRelayConfig(values.config);
  const service = await startRelayService(config);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`${signal}: stopping (again to exit at once)\n`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const message = error instanceof RelayConfigError ? error.message : String(error);
  process.stderr.write(`relay: ${message}\n`);
  process.exit(1);
});
