/** Step parameters as the state machines send them, for the relay tests. */

/** A provisioning node dict as Nailgun builds it (nailgun-api.md §6.4). */
export function system(id: number, mac = `52:54:00:00:01:${id.toString(16).padStart(2, '0')}`) {
  return {
    name: `node-${id}`,
    hostname: `node-${id}.domain.tld`,
    profile: 'ubuntu_bootstrap',
    power_type: 'ssh',
    power_user: 'root',
    power_pass: '/root/.ssh/bootstrap.rsa',
    power_address: `10.20.0.${id}`,
    netboot_enabled: '1',
    ks_meta: { mco_identity: id, puppet_auto_setup: 1 },
    interfaces: {
      eth0: {
        mac_address: mac,
        static: '0',
        netmask: '255.255.255.0',
        ip_address: `10.20.0.${id}`,
      },
    },
  };
}

export const APPLY = {
  manifest: '/etc/puppet/manifests/site.pp',
  modules: '/etc/puppet/modules',
  cwd: '/',
  timeout_seconds: 60,
  task_name: 'site',
};
