import { z } from 'zod';
import { ipAddress, macAddress, nodeMetaSchema } from './meta-schema.js';
import { NODE_ERROR_TYPES, NODE_STATUSES } from './model.js';

const optionalText = z.string().nullable().optional();

/** Node labels: names and values of 1 to 100 characters; a null value is a label without one. */
export const labelsSchema = z.record(
  z.string().min(1).max(100),
  z.string().min(1).max(100).nullable(),
);

/**
 * What fuel-nailgun-agent sends to `POST /nodes` and `PUT /nodes/agent` (reference §5). The
 * service checks presence (`mac`, `status`) itself to answer with Nailgun's texts.
 */
export const agentPayloadSchema = z
  .looseObject({
    mac: macAddress.optional(),
    ip: ipAddress.nullable().optional(),
    id: z.int32().optional(),
    status: z.enum(NODE_STATUSES).optional(),
    cluster_id: z.int32().nullable().optional(),
    name: z.string().min(1).max(100).optional(),
    manufacturer: optionalText,
    platform_name: optionalText,
    os_platform: optionalText,
    kernel_params: optionalText,
    is_agent: z.boolean().optional(),
    agent_checksum: z.string().max(40).optional(),
    labels: labelsSchema.nullable().optional(),
    roles: z.array(z.string()).optional(),
    pending_roles: z.array(z.string()).optional(),
    error_type: z.enum(NODE_ERROR_TYPES).nullable().optional(),
    meta: nodeMetaSchema.optional(),
  })
  .meta({ id: 'AgentPayload' });

export type AgentPayload = z.infer<typeof agentPayloadSchema>;
