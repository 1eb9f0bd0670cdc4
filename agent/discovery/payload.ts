import { createHash } from 'node:crypto';
import type { AgentPayload, ReportBody } from './meta-types.js';

/**
 * JSON with the keys of every object sorted and `undefined` members left out, so equal data
 * always gives the same text whatever order it was built in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member !== 'object' || member === null || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) {
      sorted[key] = (member as Record<string, unknown>)[key];
    }
    return sorted;
  });
}

/**
 * SHA-1 hex of the canonical JSON of the report. Nailgun stores it and answers a later
 * check-in carrying the same checksum with `cached: true`, skipping the update.
 */
export function agentChecksum(body: ReportBody): string {
  return createHash('sha1').update(canonicalJson(body)).digest('hex');
}

/** The request body: the report and its checksum. */
export function buildPayload(body: ReportBody): AgentPayload {
  return { ...body, agent_checksum: agentChecksum(body) };
}
