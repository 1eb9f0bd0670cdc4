import { z } from 'zod';
import { L23_PROVIDERS, SEGMENTATION_TYPES } from '../../core/clusters/model.js';
import {
  getDeployedNetworkConfiguration,
  getNetworkConfiguration,
  updateNeutronConfiguration,
} from '../../core/clusters/network-configuration.js';
import { reply } from '../http/reply.js';
import type { Router } from '../http/route.js';

const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;

const json = z.record(z.string(), z.unknown());
const ipRange = z.tuple([z.string(), z.string()]).describe('[first address, last address]');
const idRange = z.tuple([z.number().int(), z.number().int()]);

/** Addresses are checked by the service, which reports every failure at once. */
const networkInput = z.object({
  id: z.number().int(),
  name: z.string().optional(),
  group_id: z.number().int().nullable().optional(),
  cidr: z.string().nullable().optional(),
  gateway: z.string().nullable().optional(),
  vlan_start: z.number().int().nullable().optional(),
  ip_ranges: z.array(ipRange).optional(),
  meta: z
    .looseObject({
      notation: z.enum(['cidr', 'ip_ranges']).nullable().optional(),
      use_gateway: z.boolean().optional(),
    })
    .optional()
    .describe('only notation and use_gateway may change'),
});

const neutronParameters = z
  .strictObject({
    base_mac: z.string().regex(MAC, 'Invalid MAC address').optional(),
    configuration_template: json.nullable().optional(),
    dns_nameservers: z.array(z.string()).optional(),
    floating_name: z.string().optional(),
    floating_ranges: z.array(ipRange).optional(),
    gre_id_range: idRange.optional(),
    internal_name: z.string().optional(),
    internal_cidr: z.string().nullable().optional(),
    internal_gateway: z.string().nullable().optional(),
    net_l23_provider: z.enum(L23_PROVIDERS).optional(),
    segmentation_type: z.enum(SEGMENTATION_TYPES).optional(),
    vlan_range: idRange.optional(),
    baremetal_gateway: z.string().nullable().optional(),
    baremetal_range: ipRange.nullable().optional(),
  })
  .meta({ id: 'NeutronNetworkingParameters' });

/** Networks are matched by id; what a network or the parameters leave out keeps its value. */
const neutronUpdate = z
  .object({
    networks: z.array(networkInput).optional(),
    networking_parameters: neutronParameters.optional(),
  })
  .meta({ id: 'NeutronNetworkConfigurationUpdate' });

const networkJson = z.object({
  id: z.number().int(),
  group_id: z.number().int().nullable(),
  name: z.string(),
  cidr: z.string().nullable(),
  gateway: z.string().nullable(),
  vlan_start: z.number().int().nullable(),
  meta: json,
  ip_ranges: z.array(ipRange),
});

const vip = z.string().nullable().optional().describe('HA modes only');

const configurationJson = z
  .object({
    networks: z.array(networkJson),
    networking_parameters: json,
    management_vip: vip,
    management_vrouter_vip: vip,
    public_vip: vip,
    public_vrouter_vip: vip,
  })
  .meta({ id: 'NetworkConfiguration' });

/** An environment's networks and networking parameters (neutron; nova-network read only). */
export function registerNetworkConfigurationRoutes(router: Router): void {
  const tag = 'network configuration';
  const base = '/clusters/{cluster_id}/network_configuration';

  for (const provider of ['neutron', 'nova_network'] as const) {
    router.route(
      {
        method: 'get',
        path: `${base}/${provider}`,
        tag,
        summary: `Networks and parameters of a ${provider} environment`,
        responses: {
          200: { description: 'Network configuration', schema: configurationJson },
          400: { description: 'The environment uses the other provider' },
        },
      },
      async ({ c, params }) =>
        reply(c, await getNetworkConfiguration(c.get('deps').db, params.cluster_id ?? 0, provider)),
    );
  }

  router.route(
    {
      method: 'put',
      path: `${base}/neutron`,
      tag,
      summary: 'Change and check the networks of a neutron environment',
      body: neutronUpdate,
      responses: {
        200: { description: 'Network configuration after the change', schema: configurationJson },
        400: { description: 'Failed checks, listed in errors as {ids, errors, message}' },
        403: { description: 'The environment is locked by a deployment' },
      },
    },
    async ({ c, params, body }) =>
      reply(c, await updateNeutronConfiguration(c.get('deps').db, params.cluster_id ?? 0, body)),
  );

  router.route(
    {
      method: 'get',
      path: `${base}/deployed`,
      tag,
      summary: 'The network configuration of the last successful deployment',
      responses: {
        200: { description: 'Deployed network configuration', schema: json },
        404: { description: 'Never deployed' },
      },
    },
    async ({ c, params }) =>
      reply(c, await getDeployedNetworkConfiguration(c.get('deps').db, params.cluster_id ?? 0)),
  );
}
