/** Checking the data of an agent's reply against the shape the relay relies on. */
import type { z } from 'zod';
import { McoAgentFailed, type McoCallSite } from './errors.js';

/**
 * Parses reply data with `schema`; a node running another version of the agent answers with
 * other fields, which is a terminal failure of that node, reported like the agent failing.
 */
export function parseReplyData<T>(
  site: McoCallSite,
  node: string,
  schema: z.ZodType<T>,
  data: Record<string, unknown>,
): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'data';
  throw new McoAgentFailed(
    site,
    node,
    0,
    `unexpected reply from the agent: ${where}: ${issue?.message ?? 'invalid'}`,
    data,
  );
}
