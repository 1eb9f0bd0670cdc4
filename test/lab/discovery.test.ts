import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySiteCredential } from '../../functions/core/auth/sites.js';
import { silentLogger } from '../../functions/core/logger.js';
import { migrate } from '../../functions/db/migrate.js';
import { credentialPath, ensureLocalSite } from '../../infra/local/embedded/local-site.js';
import { createTestDatabase } from '../support/database.js';
import { type LabStack, startLabStack } from './support/lab-stack.js';

interface ApiNode {
  id: number;
  mac: string;
  ip: string;
  status: string;
  online: boolean;
  manufacturer: string;
  meta: { interfaces: unknown[]; disks: unknown[] };
}

let stack: LabStack;
beforeAll(async () => {
  stack = await startLabStack({ nodes: 3, speed: 'instant' });
});
afterAll(async () => {
  await stack?.close();
});

/** The nodes once all three lab nodes have registered. */
function discovered(): Promise<ApiNode[]> {
  return stack.until('3 nodes registered', async () => {
    const { body } = await stack.request('GET', '/api/v1/nodes/');
    return Array.isArray(body) && body.length === 3 ? (body as ApiNode[]) : undefined;
  });
}

describe('the lab of the embedded mode', () => {
  it('registers its nodes through the discovery proxy, online and in discovery', async () => {
    const nodes = await discovered();

    expect(nodes.map((node) => [node.status, node.online, node.manufacturer])).toEqual([
      ['discover', true, 'QEMU'],
      ['discover', true, 'QEMU'],
      ['discover', true, 'QEMU'],
    ]);
    expect(nodes.map((node) => node.mac).sort()).toEqual([
      '52:54:00:00:01:01',
      '52:54:00:00:02:01',
      '52:54:00:00:03:01',
    ]);
    expect(nodes.every((node) => node.meta.interfaces.length === 2)).toBe(true);
    expect(stack.embedded.relay.discoveryUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('knows each node by the id Nailgun gave it, also on later check-ins', async () => {
    const nodes = await discovered();

    await stack.embedded.lab?.reportAll();
    const again = await stack.request('GET', '/api/v1/nodes/');
    const identities = (stack.embedded.lab?.nodes ?? []).map((node) => [
      node.macs[0],
      node.identity,
    ]);

    expect(again.body).toHaveLength(3);
    expect(Object.fromEntries(identities)).toEqual(
      Object.fromEntries(nodes.map((n) => [n.mac, String(n.id)])),
    );
  });

  it('registers the site “local” and keeps its credential readable by its owner only', async () => {
    const sites = await stack.request('GET', '/api/v1/sites/');
    const file = await stat(credentialPath(stack.dataDir));

    expect(sites.body.map((site: { name: string }) => site.name)).toEqual(['local']);
    expect(file.mode & 0o777).toBe(0o600);
  });
});

describe('the site credential of the embedded mode', () => {
  it('is reused from the data directory, and issued again when the file is lost', async () => {
    const db = await createTestDatabase();
    await migrate(db);
    const dataDir = await mkdtemp(join(tmpdir(), 'fuel-site-'));
    const kept = await ensureLocalSite(db, dataDir, silentLogger);
    const same = await ensureLocalSite(db, dataDir, silentLogger);
    await unlink(credentialPath(dataDir));

    const renewed = await ensureLocalSite(db, dataDir, silentLogger);
    const oldOne = await verifySiteCredential(db, kept);
    const newOne = await verifySiteCredential(db, renewed);
    await db.close();
    await rm(dataDir, { recursive: true, force: true });

    expect(same).toBe(kept);
    expect(renewed).not.toBe(kept);
    expect(oldOne).toBeUndefined();
    expect(newOne?.name).toBe('local');
  });
});
