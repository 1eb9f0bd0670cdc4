import { z } from 'zod';
import { MAC_PATTERN } from './mac.js';

/** An IPv4 or IPv6 address. */
export const ipAddress = z.union([z.ipv4(), z.ipv6()]);

/** A MAC address with ':' or '-' separators, any case. */
export const macAddress = z.string().regex(MAC_PATTERN, 'is not a valid MAC address');

const optionalText = z.string().nullable().optional();

interface OffloadingMode {
  name?: string | undefined;
  state?: boolean | null | undefined;
  sub?: OffloadingMode[] | undefined;
  [key: string]: unknown;
}

/** A NIC offload with its sub-offloads; named so that documents can refer to it. */
const offloadingMode: z.ZodType<OffloadingMode> = z
  .looseObject({
    name: z.string().optional(),
    state: z.boolean().nullable().optional(),
    get sub() {
      return z.array(offloadingMode).optional();
    },
  })
  .meta({ id: 'OffloadingMode' });

/** One entry of `meta.interfaces`; entries without name or MAC are dropped, not refused. */
const metaInterfaceSchema = z.looseObject({
  name: optionalText,
  mac: macAddress.nullable().optional(),
  ip: ipAddress.nullable().optional(),
  netmask: optionalText,
  state: optionalText,
  driver: optionalText,
  bus_info: optionalText,
  pxe: z.boolean().nullable().optional(),
  // Speeds are normalized (anything but a non-negative integer becomes null), never rejected.
  max_speed: z.unknown().optional(),
  current_speed: z.unknown().optional(),
  offloading_modes: z.array(offloadingMode).nullable().optional(),
  interface_properties: z.record(z.string(), z.unknown()).nullable().optional(),
});

const disk = z.looseObject({
  name: optionalText,
  model: optionalText,
  disk: optionalText,
  size: z.number().nullable().optional(),
});

const numaTopology = z.looseObject({
  supported_hugepages: z.array(z.number().int()),
  numa_nodes: z
    .array(
      z.looseObject({
        id: z.number().int(),
        cpus: z.array(z.number().int()),
        memory: z.number().int().nullable(),
      }),
    )
    .min(1),
  distances: z.array(z.array(z.string())),
});

/**
 * `meta` as agents send it (reference §4.4). Types are checked where Nailgun's schema checks
 * them, but the values real agents send from VMs and containers are accepted (null memory
 * total, null NUMA topology, null interface addresses, empty CPU specs), and every object keeps
 * keys this schema does not name.
 */
export const nodeMetaSchema = z
  .looseObject({
    interfaces: z.array(metaInterfaceSchema).optional(),
    disks: z.array(disk).nullable().optional(),
    memory: z.looseObject({ total: z.number().nullable().optional() }).nullable().optional(),
    cpu: z
      .looseObject({
        total: z.number().int().nullable().optional(),
        real: z.number().int().nullable().optional(),
        spec: z
          .array(
            z.looseObject({
              model: optionalText,
              frequency: z.number().nullable().optional(),
            }),
          )
          .nullable()
          .optional(),
      })
      .nullable()
      .optional(),
    system: z.record(z.string(), z.unknown()).nullable().optional(),
    numa_topology: numaTopology.nullable().optional(),
  })
  .meta({ id: 'NodeMeta' });
