import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

interface NetworkJson {
  id: number;
  name: string;
  cidr: string | null;
  gateway: string | null;
  vlan_start: number | null;
  ip_ranges: [string, string][];
  meta: Record<string, unknown>;
}

let clusterCounter = 0;

/** A fresh neutron environment with no pending changes, and its networks by name. */
async function createCluster(extra: Record<string, unknown> = {}) {
  clusterCounter += 1;
  const res = await api.request('POST', '/api/v1/clusters', {
    body: { name: `env-net-${clusterCounter}`, release_id: 1, ...extra },
  });
  expect(res.status).toBe(201);
  const id: number = res.body.id;
  await api.db.query('DELETE FROM cluster_changes WHERE cluster_id = $1', [id]);
  const config = await api.request('GET', neutronPath(id));
  const byName = Object.fromEntries(
    (config.body?.networks ?? []).map((n: NetworkJson) => [n.name, n]),
  ) as Record<string, NetworkJson>;
  return { id, networks: byName };
}

const neutronPath = (id: number) => `/api/v1/clusters/${id}/network_configuration/neutron`;

/** What a rejected update must leave alone: the configuration and the pending changes. */
async function snapshot(id: number) {
  const config = await api.request('GET', neutronPath(id));
  const { rows } = await api.db.query('SELECT name FROM cluster_changes WHERE cluster_id = $1', [
    id,
  ]);
  return { config: config.body, changes: rows };
}

describe('GET /clusters/{id}/network_configuration/neutron', () => {
  it('answers the networks, the admin network last, the parameters and the VIPs', async () => {
    const { id } = await createCluster();

    const res = await api.request('GET', neutronPath(id));

    expect(res.status).toBe(200);
    expect(res.body.networks.map((n: NetworkJson) => n.name)).toEqual([
      'public',
      'management',
      'storage',
      'private',
      'fuelweb_admin',
    ]);
    expect(res.body.networks[0]).toEqual({
      id: expect.any(Number),
      group_id: expect.any(Number),
      name: 'public',
      cidr: '172.16.0.0/24',
      gateway: '172.16.0.1',
      vlan_start: null,
      meta: expect.objectContaining({ notation: 'ip_ranges', use_gateway: true }),
      ip_ranges: [['172.16.0.2', '172.16.0.126']],
    });
    expect(res.body.networks[4]).toMatchObject({ group_id: null, cidr: '10.20.0.0/24' });
    expect(res.body.networking_parameters).toEqual({
      base_mac: 'fa:16:3e:00:00:00',
      configuration_template: null,
      dns_nameservers: ['8.8.4.4', '8.8.8.8'],
      floating_name: 'admin_floating_net',
      floating_ranges: [['172.16.0.130', '172.16.0.254']],
      gre_id_range: [2, 65535],
      internal_cidr: '192.168.111.0/24',
      internal_gateway: '192.168.111.1',
      internal_name: 'admin_internal_net',
      net_l23_provider: 'ovs',
      segmentation_type: 'vlan',
      vlan_range: [1000, 1030],
    });
    expect(res.body).toMatchObject({
      management_vip: '192.168.0.1',
      management_vrouter_vip: '192.168.0.2',
      public_vip: '172.16.0.2',
      public_vrouter_vip: '172.16.0.3',
    });
  });

  it('refuses the other provider with 400', async () => {
    const neutron = await createCluster();
    const nova = await createCluster({ net_provider: 'nova_network' });

    const novaOfNeutron = await api.request(
      'GET',
      `/api/v1/clusters/${neutron.id}/network_configuration/nova_network`,
    );
    const neutronOfNova = await api.request('GET', neutronPath(nova.id));
    const novaOfNova = await api.request(
      'GET',
      `/api/v1/clusters/${nova.id}/network_configuration/nova_network`,
    );

    expect(novaOfNeutron.status).toBe(400);
    expect(novaOfNeutron.body.message).toBe("Wrong net provider - environment uses 'neutron'");
    expect(neutronOfNova.status).toBe(400);
    expect(neutronOfNova.body.message).toBe("Wrong net provider - environment uses 'nova_network'");
    expect(novaOfNova.status).toBe(200);
    expect(novaOfNova.body.networks.map((n: NetworkJson) => n.name)).toEqual(['fuelweb_admin']);
  });

  it('answers 404 for an unknown environment', async () => {
    const res = await api.request('GET', neutronPath(999999));

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Cluster not found');
  });
});

describe('PUT /clusters/{id}/network_configuration/neutron', () => {
  it('changes networks and parameters, answers the new configuration, marks networks changed', async () => {
    const { id, networks } = await createCluster();

    const res = await api.request('PUT', neutronPath(id), {
      body: {
        networks: [
          {
            id: networks.public?.id,
            cidr: '172.18.0.0/24',
            gateway: '172.18.0.1',
            ip_ranges: [['172.18.0.2', '172.18.0.100']],
          },
          { id: networks.management?.id, cidr: '10.30.0.0/23', vlan_start: 200 },
        ],
        networking_parameters: {
          floating_ranges: [['172.18.0.150', '172.18.0.200']],
          vlan_range: [1000, 1100],
          dns_nameservers: ['1.1.1.1'],
        },
      },
    });

    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.networks.map((n: NetworkJson) => [n.name, n]));
    expect(byName.public).toMatchObject({
      cidr: '172.18.0.0/24',
      gateway: '172.18.0.1',
      ip_ranges: [['172.18.0.2', '172.18.0.100']],
    });
    expect(byName.management).toMatchObject({
      cidr: '10.30.0.0/23',
      vlan_start: 200,
      ip_ranges: [['10.30.0.1', '10.30.1.254']],
    });
    expect(byName.storage.cidr).toBe('192.168.1.0/24');
    expect(res.body.networking_parameters).toMatchObject({
      floating_ranges: [['172.18.0.150', '172.18.0.200']],
      vlan_range: [1000, 1100],
      dns_nameservers: ['1.1.1.1'],
      internal_cidr: '192.168.111.0/24',
    });
    expect(res.body.public_vip).toBe('172.18.0.2');
    const after = await snapshot(id);
    expect(after.config).toEqual(res.body);
    expect(after.changes).toEqual([{ name: 'networks' }]);
  });

  it('accepts the configuration it answered, sent back whole (as the UI does)', async () => {
    const { id } = await createCluster();
    const current = (await api.request('GET', neutronPath(id))).body;

    const res = await api.request('PUT', neutronPath(id), { body: current });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(current);
  });

  it('accepts overlapping CIDRs on different VLANs', async () => {
    const { id, networks } = await createCluster();

    const res = await api.request('PUT', neutronPath(id), {
      body: { networks: [{ id: networks.management?.id, cidr: '192.168.1.0/24' }] },
    });

    expect(res.status).toBe(200);
  });

  it('switches a network to ip_ranges notation with its own ranges', async () => {
    const { id, networks } = await createCluster();

    const res = await api.request('PUT', neutronPath(id), {
      body: {
        networks: [
          {
            id: networks.storage?.id,
            meta: { notation: 'ip_ranges' },
            ip_ranges: [['192.168.1.10', '192.168.1.20']],
          },
        ],
      },
    });

    expect(res.status).toBe(200);
    const storage = res.body.networks.find((n: NetworkJson) => n.name === 'storage');
    expect(storage.ip_ranges).toEqual([['192.168.1.10', '192.168.1.20']]);
    expect(storage.meta.notation).toBe('ip_ranges');
  });

  type Networks = Record<string, NetworkJson>;
  const checkCases: [string, (n: Networks) => unknown, { ids: string[]; errors: string[] }][] = [
    [
      'an invalid CIDR',
      (n) => ({ networks: [{ id: n.storage?.id, cidr: '192.168.1.0/33' }] }),
      { ids: ['storage'], errors: ['cidr'] },
    ],
    [
      'a CIDR with host bits',
      (n) => ({ networks: [{ id: n.storage?.id, cidr: '192.168.1.7/24' }] }),
      { ids: ['storage'], errors: ['cidr'] },
    ],
    [
      'an IP range outside the CIDR',
      (n) => ({ networks: [{ id: n.public?.id, ip_ranges: [['172.16.0.2', '172.16.1.10']] }] }),
      { ids: ['public'], errors: ['ip_ranges'] },
    ],
    [
      'an IP range that ends before it starts',
      (n) => ({ networks: [{ id: n.public?.id, ip_ranges: [['172.16.0.20', '172.16.0.10']] }] }),
      { ids: ['public'], errors: ['ip_ranges'] },
    ],
    [
      'an IP range holding the broadcast address',
      (n) => ({ networks: [{ id: n.public?.id, ip_ranges: [['172.16.0.2', '172.16.0.255']] }] }),
      { ids: ['public'], errors: ['ip_ranges'] },
    ],
    [
      'a gateway outside the CIDR',
      (n) => ({ networks: [{ id: n.public?.id, gateway: '10.1.1.1' }] }),
      { ids: ['public'], errors: ['gateway'] },
    ],
    [
      'a gateway inside an IP range',
      (n) => ({ networks: [{ id: n.public?.id, gateway: '172.16.0.20' }] }),
      { ids: ['public'], errors: ['gateway', 'ip_ranges'] },
    ],
    [
      'VLAN 0',
      (n) => ({ networks: [{ id: n.storage?.id, vlan_start: 0 }] }),
      { ids: ['storage'], errors: ['vlan_start'] },
    ],
    [
      'VLAN 4095',
      (n) => ({ networks: [{ id: n.storage?.id, vlan_start: 4095 }] }),
      { ids: ['storage'], errors: ['vlan_start'] },
    ],
    [
      'overlapping CIDRs on one VLAN',
      (n) => ({ networks: [{ id: n.management?.id, cidr: '192.168.1.0/24', vlan_start: 102 }] }),
      { ids: ['management', 'storage'], errors: ['cidr'] },
    ],
    [
      'an untagged network overlapping the admin network',
      (n) => ({ networks: [{ id: n.storage?.id, cidr: '10.20.0.0/16', vlan_start: null }] }),
      { ids: ['storage', 'fuelweb_admin'], errors: ['cidr'] },
    ],
    [
      'floating ranges outside the public CIDR',
      () => ({ networking_parameters: { floating_ranges: [['172.17.0.10', '172.17.0.20']] } }),
      { ids: [], errors: ['cidr', 'ip_ranges'] },
    ],
    [
      'floating ranges overlapping the public IP ranges',
      () => ({ networking_parameters: { floating_ranges: [['172.16.0.100', '172.16.0.200']] } }),
      { ids: ['public'], errors: ['ip_ranges'] },
    ],
    [
      'a VLAN range outside 1-4094',
      () => ({ networking_parameters: { vlan_range: [1000, 5000] } }),
      { ids: [], errors: ['vlan_range'] },
    ],
    [
      'a VLAN range that ends before it starts',
      () => ({ networking_parameters: { vlan_range: [1030, 1000] } }),
      { ids: [], errors: ['vlan_range'] },
    ],
    [
      "a VLAN range holding a network's VLAN",
      () => ({ networking_parameters: { vlan_range: [100, 110] } }),
      { ids: ['management', 'storage'], errors: ['vlan_start'] },
    ],
    [
      'an invalid internal CIDR',
      () => ({ networking_parameters: { internal_cidr: '192.168.111.1/24' } }),
      { ids: [], errors: ['internal_cidr'] },
    ],
    [
      'an internal gateway outside the internal CIDR',
      () => ({ networking_parameters: { internal_gateway: '192.168.112.1' } }),
      { ids: [], errors: ['internal_gateway'] },
    ],
    [
      'an invalid DNS server',
      () => ({ networking_parameters: { dns_nameservers: ['8.8.8.8', 'dns.example'] } }),
      { ids: [], errors: ['dns_nameservers'] },
    ],
    [
      'a DNS server given twice',
      () => ({ networking_parameters: { dns_nameservers: ['8.8.8.8', '8.8.8.8'] } }),
      { ids: [], errors: ['dns_nameservers'] },
    ],
  ];

  it.each(checkCases)(
    'refuses %s with the failed check listed; nothing changes',
    async (_, body, expected) => {
      const { id, networks } = await createCluster();
      const before = await snapshot(id);

      const res = await api.request('PUT', neutronPath(id), { body: body(networks) });

      expect(res.status).toBe(400);
      const ids = expected.ids.map((name) => networks[name]?.id);
      expect(res.body.errors).toEqual([
        { ids, errors: expected.errors, message: expect.any(String) },
      ]);
      const failure = res.body.errors[0];
      const suffix = ids.length > 0 ? ` (Network IDs: ${ids.join(', ')})` : '';
      expect(res.body.message).toBe(`${failure.message}${suffix}`);
      expect(await snapshot(id)).toEqual(before);
    },
  );

  it('lists every failure at once, one line each', async () => {
    const { id, networks } = await createCluster();

    const res = await api.request('PUT', neutronPath(id), {
      body: {
        networks: [{ id: networks.storage?.id, vlan_start: 5000, cidr: '300.1.1.0/24' }],
        networking_parameters: { dns_nameservers: ['x'] },
      },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(3);
    expect(res.body.message.split('\n')).toHaveLength(3);
    expect(res.body.message).toContain('VLAN ID(s) is out of range for storage network.');
  });

  it.each([
    [
      'an unknown network',
      () => ({ networks: [{ id: 999999 }] }),
      "Networks with ID's [999999] are not present in the database",
    ],
    [
      'a changed segmentation type',
      () => ({ networking_parameters: { segmentation_type: 'tun' } }),
      "Change of 'segmentation_type' is prohibited",
    ],
    [
      'a gateway on a network without one',
      (n: Networks) => ({ networks: [{ id: n.management?.id, gateway: '192.168.0.1' }] }),
      (n: Networks) =>
        `Gateway for network 'management' (Network IDs: '${n.management?.id}') cannot be changed while 'use_gateway' is False`,
    ],
    [
      'new IP ranges with the cidr notation',
      (n: Networks) => ({
        networks: [{ id: n.storage?.id, ip_ranges: [['192.168.1.5', '192.168.1.9']] }],
      }),
      (n: Networks) =>
        `ip_ranges for network 'storage' (Network IDs: '${n.storage?.id}') cannot be changed with 'cidr' notation, change notation to 'ip_ranges'`,
    ],
    [
      'no IP ranges with the ip_ranges notation',
      (n: Networks) => ({ networks: [{ id: n.public?.id, ip_ranges: [] }] }),
      (n: Networks) => `No IP ranges were specified for network ${n.public?.id}`,
    ],
    [
      'a CIDR removed from an addressed network',
      (n: Networks) => ({ networks: [{ id: n.storage?.id, cidr: null }] }),
      (n: Networks) => `No CIDR was specified for network ${n.storage?.id}`,
    ],
    [
      'a change of the admin network',
      (n: Networks) => ({ networks: [{ id: n.fuelweb_admin?.id, cidr: '10.21.0.0/24' }] }),
      (n: Networks) =>
        `Network 'fuelweb_admin' (Network IDs: '${n.fuelweb_admin?.id}') is shared by all environments and cannot be changed in the network configuration of one`,
    ],
  ])('refuses %s with 400 and changes nothing', async (_, body, message) => {
    const { id, networks } = await createCluster();
    const before = await snapshot(id);

    const res = await api.request('PUT', neutronPath(id), { body: body(networks) });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(typeof message === 'function' ? message(networks) : message);
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses a network of another environment as unknown', async () => {
    const other = await createCluster();
    const { id } = await createCluster();

    const res = await api.request('PUT', neutronPath(id), {
      body: { networks: [{ id: other.networks.storage?.id, vlan_start: 300 }] },
    });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Networks with ID's [${other.networks.storage?.id}] are not present in the database`,
    );
  });

  it.each([
    ['a network list that is not a list', { networks: { id: 1 } }],
    ['a network without id', { networks: [{ cidr: '10.0.0.0/24' }] }],
    ['a VLAN that is not a number', { networks: [{ id: 1, vlan_start: 'x' }] }],
    ['an IP range that is not a pair', { networks: [{ id: 1, ip_ranges: [['10.0.0.1']] }] }],
    ['an unknown parameter', { networking_parameters: { nonsense: 1 } }],
    ['a bad base MAC', { networking_parameters: { base_mac: 'fa:16' } }],
    ['a VLAN range of strings', { networking_parameters: { vlan_range: ['1', '2'] } }],
  ])('refuses %s with 400', async (_, body) => {
    const { id } = await createCluster();
    const before = await snapshot(id);

    const res = await api.request('PUT', neutronPath(id), { body });

    expect(res.status).toBe(400);
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses malformed and empty bodies', async () => {
    const { id } = await createCluster();

    const malformed = await api.request('PUT', neutronPath(id), { rawBody: '{"networks": [' });
    const empty = await api.request('PUT', neutronPath(id), { rawBody: '' });

    expect(malformed.body.message).toBe('Invalid json received');
    expect(empty.body.message).toBe('Empty request received');
  });

  it('refuses any change while the environment is locked (403)', async () => {
    const { id, networks } = await createCluster();
    await api.db.query("UPDATE clusters SET status = 'deployment' WHERE id = $1", [id]);
    const before = await snapshot(id);

    const res = await api.request('PUT', neutronPath(id), {
      body: { networks: [{ id: networks.storage?.id, vlan_start: 300 }] },
    });

    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'Network configuration cannot be changed during deployment and after upgrade.',
    );
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses a nova-network environment and an unknown one', async () => {
    const nova = await createCluster({ net_provider: 'nova_network' });

    const wrong = await api.request('PUT', neutronPath(nova.id), { body: { networks: [] } });
    const unknown = await api.request('PUT', neutronPath(999999), { body: { networks: [] } });

    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toBe("Wrong net provider - environment uses 'nova_network'");
    expect(unknown.status).toBe(404);
  });
});

describe('GET /clusters/{id}/network_configuration/deployed', () => {
  it('answers 404 before the first deployment', async () => {
    const { id } = await createCluster();

    const res = await api.request('GET', `/api/v1/clusters/${id}/network_configuration/deployed`);

    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Cluster does not have deployed configuration!');
  });

  it('answers the configuration the last deployment used', async () => {
    const { id } = await createCluster();
    const deployed = { networks: [], networking_parameters: { segmentation_type: 'vlan' } };
    await api.db.query('UPDATE clusters SET deployed_network_configuration = $2 WHERE id = $1', [
      id,
      JSON.stringify(deployed),
    ]);

    const res = await api.request('GET', `/api/v1/clusters/${id}/network_configuration/deployed`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(deployed);
  });
});
