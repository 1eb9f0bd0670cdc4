import type { TestApi } from './api.js';

let macCounter = 0x10;

/** A realistic agent payload for a virtual node with two NICs and one disk. */
export function agentPayload(suffix = macCounter++) {
  const hex = suffix.toString(16).padStart(2, '0');
  const mac = `52:54:00:aa:00:${hex}`;
  return {
    mac,
    ip: `10.20.0.${(suffix % 200) + 10}`,
    status: 'discover',
    manufacturer: 'QEMU',
    platform_name: 'Standard PC',
    os_platform: 'ubuntu',
    is_agent: true,
    meta: {
      system: { manufacturer: 'QEMU', product: 'Standard PC' },
      interfaces: [
        {
          name: 'eth0',
          mac,
          state: 'up',
          pxe: true,
          ip: `10.20.0.${(suffix % 200) + 10}`,
          netmask: '255.255.255.0',
          driver: 'virtio_net',
          current_speed: 1000,
          max_speed: 1000,
        },
        {
          name: 'eth1',
          mac: `52:54:00:bb:00:${hex}`,
          state: 'up',
          pxe: false,
          driver: 'virtio_net',
          current_speed: 1000,
          max_speed: 1000,
        },
      ],
      cpu: { total: 4, real: 1, spec: [{ model: 'QEMU Virtual CPU', frequency: 2400 }] },
      memory: { total: 8 * 1024 ** 3 },
      disks: [
        {
          name: 'vda',
          model: 'QEMU HARDDISK',
          size: 200 * 1024 ** 3,
          disk: 'disk/by-path/pci-0000:00:05.0',
          removable: '0',
        },
      ],
    },
  };
}

/** Registers `count` nodes through the agent route and returns their ids. */
export async function discoverNodes(api: TestApi, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await api.request<{ id: number }>('POST', '/api/nodes/', {
      token: null,
      body: agentPayload(),
    });
    if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${res.text}`);
    ids.push(res.body.id);
  }
  return ids;
}

/** Creates an environment on the seeded release and assigns roles; returns its id. */
export async function buildEnvironment(
  api: TestApi,
  name: string,
  assignments: { id: number; roles: string[] }[],
): Promise<number> {
  const created = await api.request<{ id: number }>('POST', '/api/v1/clusters/', {
    body: { name, release_id: 1 },
  });
  if (created.status !== 201)
    throw new Error(`cluster create failed: ${created.status} ${created.text}`);
  const assigned = await api.request('POST', `/api/v1/clusters/${created.body.id}/assignment/`, {
    body: assignments,
  });
  if (assigned.status !== 200)
    throw new Error(`assignment failed: ${assigned.status} ${assigned.text}`);
  return created.body.id;
}

/** Polls a task until it leaves pending/running, or fails the test after `timeoutMs`. */
export async function waitForTask(api: TestApi, taskId: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.request<{ status: string; progress: number; message: string | null }>(
      'GET',
      `/api/v1/tasks/${taskId}/`,
    );
    if (res.status === 200 && res.body.status !== 'running' && res.body.status !== 'pending')
      return res.body;
    if (res.status === 404) return { status: 'gone', progress: 100, message: null };
    if (Date.now() > deadline)
      throw new Error(`task ${taskId} still ${res.body.status} (${res.body.progress}%)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
