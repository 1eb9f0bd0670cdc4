import type { CoreContext } from '../context.js';

/**
 * Marks nodes whose agent has been silent longer than `settings.keepaliveSeconds` as offline,
 * each with an `error` notification "Node '<name>' has gone away", in one statement (so one
 * transaction). Provisioning nodes are skipped: they reboot and stay silent for a while.
 * Returns how many nodes went offline. Meant to run on a timer (Nailgun's assassind).
 */
export async function sweepOfflineNodes(ctx: CoreContext): Promise<number> {
  const deadline = new Date(ctx.now().getTime() - ctx.settings.keepaliveSeconds * 1000);
  const { rows } = await ctx.db.query<{ node_id: number }>(
    `WITH gone AS (
       UPDATE nodes SET online = false
       WHERE online AND status <> 'provisioning' AND last_contact_at < $1
       RETURNING id, name, cluster_id
     )
     INSERT INTO notifications (topic, message, node_id, cluster_id)
     SELECT 'error', 'Node ''' || name || ''' has gone away', id, cluster_id FROM gone
     RETURNING node_id`,
    [deadline],
  );
  if (rows.length > 0) {
    ctx.logger.info('nodes went offline', { node_ids: rows.map((r) => r.node_id) });
  }
  return rows.length;
}
