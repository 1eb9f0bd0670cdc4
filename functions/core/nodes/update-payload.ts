import { z } from 'zod';
import { labelsSchema } from './agent-payload.js';
import { macAddress, nodeMetaSchema } from './meta-schema.js';
import { NODE_ERROR_TYPES, NODE_STATUSES } from './model.js';

const optionalText = z.string().nullable().optional();
const roleList = z.array(z.string()).optional();

/**
 * A partial node as operators send it to `PUT /nodes/{id}` and, in a list, to `PUT /nodes`.
 * Keys the API does not change (`fqdn`, `network_data`, ...) are dropped, so clients may send
 * back a node object they read. `cluster` is accepted as the old spelling of `cluster_id`.
 */
export const nodeUpdateSchema = z
  .object({
    id: z.int32().optional(),
    mac: macAddress.optional(),
    cluster_id: z.int32().nullable().optional(),
    cluster: z.int32().nullable().optional(),
    group_id: z.int32().optional(),
    name: z.string().min(1).max(100).optional(),
    hostname: z.string().optional(),
    status: z.enum(NODE_STATUSES).optional(),
    error_type: z.enum(NODE_ERROR_TYPES).nullable().optional(),
    progress: z.int32().min(0).max(100).optional(),
    online: z.boolean().optional(),
    roles: roleList,
    pending_roles: roleList,
    pending_addition: z.boolean().optional(),
    pending_deletion: z.boolean().optional(),
    labels: labelsSchema.optional(),
    kernel_params: optionalText,
    manufacturer: optionalText,
    platform_name: optionalText,
    os_platform: optionalText,
    meta: nodeMetaSchema.optional(),
  })
  .meta({ id: 'NodeUpdate' });

export type NodeUpdate = z.infer<typeof nodeUpdateSchema>;

/** The body of `PUT /nodes`: partial nodes, each naming its node by `id` or `mac`. */
export const nodeBulkUpdateSchema = z.array(nodeUpdateSchema).meta({ id: 'NodeBulkUpdate' });
