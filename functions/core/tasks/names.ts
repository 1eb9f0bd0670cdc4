/**
 * Every task name Nailgun knows (consts.TASK_NAMES), in its order. `TASK_NAMES` in model.ts is
 * the subset this system creates; filters such as `GET /transactions?transaction_types=` accept
 * any of these, because clients may ask for kinds that simply never occur here.
 */
export const NAILGUN_TASK_NAMES = [
  'super',
  'deploy',
  'deployment',
  'provision',
  'stop_deployment',
  'reset_environment',
  'reset_nodes',
  'remove_keys',
  'remove_ironic_bootstrap',
  'update',
  'spawn_vms',
  'node_deletion',
  'cluster_deletion',
  'remove_images',
  'check_before_deployment',
  'check_networks',
  'verify_networks',
  'check_dhcp',
  'verify_network_connectivity',
  'multicast_verification',
  'check_repo_availability',
  'check_repo_availability_with_setup',
  'dry_run_deployment',
  'dump',
  'capacity_log',
  'create_stats_user',
  'remove_stats_user',
  'update_dnsmasq',
] as const;
export type NailgunTaskName = (typeof NAILGUN_TASK_NAMES)[number];
