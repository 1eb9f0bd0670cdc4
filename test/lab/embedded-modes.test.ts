import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnvConfig } from '../../functions/api/config.js';
import { silentLogger } from '../../functions/core/logger.js';
import { readEmbeddedSettings } from '../../infra/local/embedded/settings.js';
import { startEmbedded } from '../../infra/local/embedded/start-embedded.js';
import { parseLabSpeed } from '../../infra/local/lab/index.js';
import { ADMIN_PASSWORD } from '../support/api.js';
import { createTestDatabase } from '../support/database.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fuel-modes-'));
  dirs.push(dir);
  return dir;
}

describe('the embedded mode’s settings', () => {
  it('runs a lab of 5 nodes at speed 1 on port 8000 unless told otherwise', () => {
    const settings = readEmbeddedSettings({});

    expect(settings).toMatchObject({
      dataDir: '.fuel-data',
      host: '127.0.0.1',
      port: 8000,
      discoveryPort: 0,
      lab: { nodes: 5, speed: 1, reportIntervalMs: 60_000 },
    });
    expect(settings.relayConfigPath).toBeUndefined();
    expect(settings.amqp).toBeUndefined();
  });

  it('reads the lab, relay and progress variables', () => {
    const settings = readEmbeddedSettings({
      FUEL_LAB_NODES: '0',
      FUEL_LAB_SPEED: 'instant',
      FUEL_LAB_REPORT_SECONDS: '5',
      FUEL_RELAY_CONFIG: '/etc/fuel-relay/relay.yaml',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      FUEL_DISCOVERY_PORT: '8001',
    });

    expect(settings.lab).toEqual({ nodes: 0, speed: 'instant', reportIntervalMs: 5_000 });
    expect(settings.relayConfigPath).toBe('/etc/fuel-relay/relay.yaml');
    expect(settings.amqp).toEqual({ url: 'amqp://guest:guest@127.0.0.1:5672' });
    expect(settings.discoveryPort).toBe(8001);
  });

  it('refuses malformed numbers and speeds with the variable’s name', () => {
    expect(() => readEmbeddedSettings({ FUEL_LAB_NODES: 'five' })).toThrow(/FUEL_LAB_NODES/);
    expect(() => readEmbeddedSettings({ FUEL_LAB_NODES: '251' })).toThrow(/0 to 250/);
    expect(() => readEmbeddedSettings({ PORT: '-1' })).toThrow(/PORT/);
    expect(() => parseLabSpeed('0')).toThrow(/FUEL_LAB_SPEED/);
    expect(() => parseLabSpeed('fast')).toThrow(/FUEL_LAB_SPEED/);
    expect(parseLabSpeed('2.5')).toBe(2.5);
  });
});

describe('the embedded mode without the lab', () => {
  it('runs the simulated site without virtual nodes when FUEL_LAB_NODES is 0', async () => {
    const db = await createTestDatabase();
    const embedded = await startEmbedded({
      ...readEmbeddedSettings({ FUEL_LAB_NODES: '0', PORT: '0' }),
      config: readEnvConfig({ FUEL_ADMIN_PASSWORD: ADMIN_PASSWORD }),
      dataDir: await tempDir(),
      db,
      logger: silentLogger,
    });
    const login = await fetch(`${embedded.url}/keystone/v2.0/tokens`, {
      method: 'POST',
      body: JSON.stringify({
        auth: { passwordCredentials: { username: 'admin', password: ADMIN_PASSWORD } },
      }),
    });
    const mode = embedded.relay.mode;
    const lab = embedded.lab;
    await embedded.stop();
    await db.close();

    expect(login.status).toBe(200);
    expect(mode).toBe('simulated');
    expect(lab).toBeUndefined();
  });

  it('drives the Cobbler and MCollective of a relay config instead', async () => {
    const dir = await tempDir();
    const config = join(dir, 'relay.yaml');
    await writeFile(
      config,
      [
        'site: dc1',
        'cloud: { api_url: "http://127.0.0.1:9", credential: "fsc_1_not-a-real-credential-x" }',
        'queue: { url: local }',
        'cobbler: { url: "http://127.0.0.1:9/cobbler_api" }',
        'mcollective: { config_path: client.cfg }',
        'discovery: { host: 127.0.0.1, port: 0 }',
        'state_dir: state',
      ].join('\n'),
    );
    const db = await createTestDatabase();
    const embedded = await startEmbedded({
      ...readEmbeddedSettings({ PORT: '0', FUEL_RELAY_CONFIG: config }),
      config: readEnvConfig({ FUEL_ADMIN_PASSWORD: ADMIN_PASSWORD }),
      dataDir: await tempDir(),
      db,
      logger: silentLogger,
    });
    const { mode, lab, site, discoveryUrl } = embedded.relay;
    await embedded.stop();
    await db.close();

    expect(mode).toBe('configured');
    expect(lab).toBeUndefined();
    expect(site).toBeUndefined();
    expect(discoveryUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('stops what it started when a part fails to start', async () => {
    const db = await createTestDatabase();
    const failed = await startEmbedded({
      ...readEmbeddedSettings({ PORT: '0', FUEL_RELAY_CONFIG: join(await tempDir(), 'none.yaml') }),
      config: readEnvConfig({ FUEL_ADMIN_PASSWORD: ADMIN_PASSWORD }),
      dataDir: await tempDir(),
      db,
      logger: silentLogger,
    }).catch((error: unknown) => error);
    await db.close();

    expect((failed as Error).message).toMatch(/Relay config .*none\.yaml not readable/);
  });
});
