import { readEmbeddedSettings } from './embedded/settings.js';
import { startEmbedded } from './embedded/start-embedded.js';

/** The embedded mode: the whole system in one process, for a newcomer's first look. */
async function main(): Promise<void> {
  const settings = readEmbeddedSettings(process.env);
  const embedded = await startEmbedded({ ...settings, onAdminPassword: printAdminPassword });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    embedded.deps.logger.info('signal received', { signal });
    void embedded.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Printed once, to the terminal only: the structured log never carries it. */
function printAdminPassword(password: string): void {
  process.stderr.write(
    `\nFirst start: created user "admin" with password ${password}\n` +
      'Set FUEL_ADMIN_PASSWORD before the first start to choose it instead.\n\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`fuel: could not start: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
