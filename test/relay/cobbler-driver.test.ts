import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CobblerClient,
  CobblerDriver,
  type CobblerDriverOptions,
  CobblerFault,
  CobblerInvalidSystem,
  type CobblerLogger,
  CobblerLoginFailed,
  CobblerPowerFailed,
  CobblerSystemNotFound,
  CobblerTimeout,
  CobblerUnavailable,
  type ProvisioningSystem,
} from '../../agent/relay/drivers/cobbler/index.js';
import {
  type CobblerSimulator,
  startCobblerSimulator,
} from '../../infra/local/cobbler-simulator/index.js';

const PASSWORD = 'cobbler';

/** A provisioning node dict as Nailgun builds it (reference/nailgun-api.md §6.4). */
function nodeDict(id: number, mac = `52:54:00:00:00:${id.toString(16).padStart(2, '0')}`) {
  return {
    uid: String(id),
    slave_name: `node-${id}`,
    name: `node-${id}`,
    hostname: `node-${id}.domain.tld`,
    profile: 'ubuntu_bootstrap',
    power_type: 'ssh',
    power_user: 'root',
    power_pass: '/root/.ssh/bootstrap.rsa',
    power_address: `10.20.0.${id}`,
    name_servers: '"10.20.0.2"',
    name_servers_search: '"domain.tld"',
    netboot_enabled: '1',
    kernel_options: { 'netcfg/choose_interface': mac, udevrules: `${mac}_eth0` },
    ks_meta: {
      pm_data: { kernel_params: 'console=tty0 nofb', ks_spaces: [{ id: 'sda', size: 10240 }] },
      fuel_version: '10.0',
      puppet_auto_setup: 1,
      authorized_keys: ['ssh-rsa AAAA root@fuel'],
      mco_identity: id,
      timezone: 'UTC',
    },
    interfaces: {
      eth0: {
        mac_address: mac,
        static: '0',
        dns_name: `node-${id}.domain.tld`,
        netmask: '255.255.255.0',
        ip_address: `10.20.0.${id}`,
      },
    },
    interfaces_extra: { eth0: { peerdns: 'no', onboot: 'yes' } },
  } satisfies ProvisioningSystem;
}

/** A logger that keeps its entries. */
function memoryLogger() {
  const entries: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      entries.push({ level, message, ...(fields === undefined ? {} : { fields }) });
    };
  const logger: CobblerLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, entries };
}

describe('CobblerDriver', () => {
  let sim: CobblerSimulator;
  const driverFor = (target: CobblerSimulator, options: Partial<CobblerDriverOptions> = {}) =>
    new CobblerDriver({
      url: target.url,
      username: 'cobbler',
      password: PASSWORD,
      timeoutMs: 2_000,
      syncRetryDelayMs: 5,
      removeRetryDelayMs: 5,
      powerPollIntervalMs: 5,
      powerTimeoutMs: 2_000,
      ...options,
    });
  /** The methods called since `from`, in order. */
  const methodsSince = (from: number) => sim.calls.slice(from).map((call) => call.method);

  beforeAll(async () => {
    sim = await startCobblerSimulator({ taskStepMs: 50 });
  });

  afterEach(() => sim.clearFaults());

  afterAll(() => sim.close());

  describe('version', () => {
    it('detects Cobbler 3 and its field names, asking only once', async () => {
      const driver = driverFor(sim);
      const from = sim.calls.length;

      const first = await driver.version();
      const second = await driver.version();

      expect(first).toEqual({
        version: 3.307,
        generation: 3,
        metaField: 'autoinstall_meta',
        templateField: 'autoinstall',
      });
      expect(second).toBe(first);
      expect(methodsSince(from)).toEqual(['version']);
    });

    it('detects Cobbler 2 and its field names', async () => {
      const old = await startCobblerSimulator({ version: 2.8 });

      const detected = await driverFor(old).version();
      await old.close();

      expect(detected).toMatchObject({
        generation: 2,
        metaField: 'ks_meta',
        templateField: 'kickstart',
      });
    });
  });

  describe('upsertSystem', () => {
    it('stores a node dict as Cobbler 3 fields', async () => {
      const driver = driverFor(sim);

      await driver.upsertSystem(nodeDict(11));

      const system = await driver.getSystem('node-11');
      expect(system).toMatchObject({
        name: 'node-11',
        profile: 'ubuntu_bootstrap',
        hostname: 'node-11.domain.tld',
        power_type: 'ssh',
        power_address: '10.20.0.11',
        netboot_enabled: true,
        name_servers: ['10.20.0.2'],
        name_servers_search: ['domain.tld'],
        kernel_options: {
          'netcfg/choose_interface': '52:54:00:00:00:0b',
          udevrules: '52:54:00:00:00:0b_eth0',
        },
        interfaces: {
          eth0: {
            mac_address: '52:54:00:00:00:0b',
            ip_address: '10.20.0.11',
            netmask: '255.255.255.0',
            dns_name: 'node-11.domain.tld',
            static: false,
          },
        },
      });
    });

    it('flattens ks_meta into autoinstall_meta with JSON for nested values and interfaces_extra appended', async () => {
      const driver = driverFor(sim);
      const base = nodeDict(12);
      const dict = { ...base, ks_meta: { ...base.ks_meta, motd: `it's "fuel" \\ time` } };

      await driver.upsertSystem(dict);

      const meta = (await driver.getSystem('node-12'))?.autoinstall_meta as Record<string, string>;
      expect(JSON.parse(meta.pm_data ?? '')).toEqual(dict.ks_meta.pm_data);
      expect(JSON.parse(meta.authorized_keys ?? '')).toEqual(['ssh-rsa AAAA root@fuel']);
      expect(meta).toMatchObject({
        fuel_version: '10.0',
        puppet_auto_setup: '1',
        mco_identity: '12',
        interface_extra_eth0_peerdns: 'no',
        interface_extra_eth0_onboot: 'yes',
        motd: `it's "fuel" \\ time`,
      });
    });

    it('logs in before every write call, in Astute’s order', async () => {
      const driver = driverFor(sim);
      await driver.version();
      const from = sim.calls.length;

      await driver.upsertSystem(nodeDict(13));

      const calls = sim.calls.slice(from);
      const methods = calls.map((call) => call.method);
      expect(methods.slice(0, 5)).toEqual([
        'has_item',
        'login',
        'new_item',
        'login',
        'modify_item',
      ]);
      expect(methods.slice(-4)).toEqual(['login', 'modify_system', 'login', 'save_item']);
      for (const [index, method] of methods.entries()) {
        if (method !== 'has_item' && method !== 'login') expect(methods[index - 1]).toBe('login');
      }
      expect(calls[2]?.args).toEqual(['system', '<token>']);
      const modified = calls
        .filter((call) => call.method === 'modify_item')
        .map((call) => call.args[2]);
      expect(modified[0]).toBe('name');
      expect(modified).toContain('autoinstall_meta');
      expect(modified).not.toContain('ks_meta');
      expect(calls.find((call) => call.args[2] === 'power_pass')?.args[3]).toBe('<password>');
      expect(calls.at(-3)?.args).toEqual([
        expect.stringMatching(/^___NEW___system::/),
        'modify_interface',
        {
          'mac_address-eth0': '52:54:00:00:00:0d',
          'static-eth0': '0',
          'dns_name-eth0': 'node-13.domain.tld',
          'netmask-eth0': '255.255.255.0',
          'ip_address-eth0': '10.20.0.13',
        },
        '<token>',
      ]);
      expect(calls.at(-1)?.args).toEqual(['system', expect.any(String), '<token>']);
    });

    it('edits the existing system through its handle when run twice', async () => {
      const driver = driverFor(sim);
      await driver.upsertSystem(nodeDict(14));
      const uid = (await driver.getSystem('node-14'))?.uid;
      const from = sim.calls.length;

      await driver.upsertSystem({ ...nodeDict(14), hostname: 'renamed.domain.tld' });

      expect(methodsSince(from).slice(0, 3)).toEqual(['has_item', 'login', 'get_item_handle']);
      expect(sim.state.systems.has('node-14')).toBe(true);
      expect([...sim.state.systems.keys()].filter((name) => name === 'node-14')).toHaveLength(1);
      expect(await driver.getSystem('node-14')).toMatchObject({
        uid,
        hostname: 'renamed.domain.tld',
      });
    });

    it('drops stale interfaces when asked to replace the system', async () => {
      const driver = driverFor(sim);
      const dict = nodeDict(15);
      await driver.upsertSystem({
        ...dict,
        interfaces: { ...dict.interfaces, eth1: { mac_address: '52:54:00:00:01:0f' } },
      });

      await driver.upsertSystem(dict, { replace: true });

      const system = await driver.getSystem('node-15');
      expect(Object.keys(system?.interfaces ?? {})).toEqual(['eth0']);
    });

    it('logs fields Cobbler 3 does not have as skipped and still saves the system', async () => {
      const { logger, entries } = memoryLogger();
      const driver = driverFor(sim, { logger });

      await driver.upsertSystem({ ...nodeDict(16), monit_enabled: true, unknown_key: 'x' });

      expect(entries).toContainEqual({
        level: 'warn',
        message: 'cobbler field skipped',
        fields: { system: 'node-16', field: 'monit_enabled' },
      });
      expect(await driver.getSystem('node-16')).toMatchObject({ profile: 'ubuntu_bootstrap' });
    });

    it('refuses a dict that gives one field twice, before calling Cobbler', async () => {
      const driver = driverFor(sim);
      await driver.version();
      const from = sim.calls.length;

      const error = await driver
        .upsertSystem({ ...nodeDict(26), ksmeta: 'other=1' })
        .catch((e) => e);

      expect(error).toBeInstanceOf(CobblerInvalidSystem);
      expect(error.message).toBe('Wrong cobbler data: ks_meta is duplicated');
      expect(sim.calls.length).toBe(from);
    });

    it('writes the 2.x names to a Cobbler 2', async () => {
      const old = await startCobblerSimulator({ version: 2.8 });
      const driver = driverFor(old);

      await driver.upsertSystem(nodeDict(17));

      const system = await driver.getSystem('node-17');
      await old.close();
      expect(system?.ks_meta).toMatchObject({
        fuel_version: '10.0',
        interface_extra_eth0_peerdns: 'no',
      });
      expect(system).not.toHaveProperty('autoinstall_meta');
      expect(system?.interfaces?.eth0).toMatchObject({ mac_address: '52:54:00:00:00:11' });
    });

    it('fails on a MAC another system holds, and succeeds once duplicates are removed', async () => {
      const driver = driverFor(sim);
      await driver.upsertSystem(nodeDict(18, '52:54:00:00:02:01'));

      const refused = await driver.upsertSystem(nodeDict(19, '52:54:00:00:02:01')).catch((e) => e);
      const removed = await driver.removeSystemsByMac(['52:54:00:00:02:01'.toUpperCase()]);
      await driver.upsertSystem(nodeDict(19, '52:54:00:00:02:01'));

      expect(refused).toBeInstanceOf(CobblerFault);
      expect(refused.faultString).toContain('MAC address duplicate found "52:54:00:00:02:01"');
      expect(removed).toEqual(['node-18']);
      expect(await driver.getSystem('node-18')).toBeUndefined();
      expect(await driver.getSystem('node-19')).toMatchObject({ name: 'node-19' });
    });
  });

  describe('removeSystem', () => {
    it('removes a system and checks that it is gone', async () => {
      const driver = driverFor(sim);
      await driver.upsertSystem(nodeDict(20));
      const from = sim.calls.length;

      const removed = await driver.removeSystem('node-20');

      expect(removed).toBe(true);
      expect(methodsSince(from)).toEqual(['has_item', 'login', 'remove_item', 'has_item']);
      expect(sim.calls.at(-2)?.args).toEqual(['system', 'node-20', '<token>', true]);
      expect(await driver.getSystem('node-20')).toBeUndefined();
    });

    it('tries again when a removal times out', async () => {
      const driver = driverFor(sim, { timeoutMs: 300 });
      await driverFor(sim).upsertSystem(nodeDict(24));
      sim.hang('remove_item', 1);
      const from = sim.calls.length;

      const removed = await driver.removeSystem('node-24');

      expect(removed).toBe(true);
      expect(methodsSince(from).filter((method) => method === 'remove_item')).toHaveLength(2);
      expect(sim.state.systems.has('node-24')).toBe(false);
    });

    it('does not retry a removal Cobbler refuses', async () => {
      const driver = driverFor(sim);
      await driver.upsertSystem(nodeDict(25));
      sim.failNext('remove_item', { message: 'cannot delete' });

      const error = await driver.removeSystem('node-25').catch((e) => e);

      expect(error).toBeInstanceOf(CobblerFault);
      expect(sim.state.systems.has('node-25')).toBe(true);
    });

    it('resolves false for a system that does not exist', async () => {
      const driver = driverFor(sim);
      const from = sim.calls.length;

      const removed = await driver.removeSystem('node-404');

      expect(removed).toBe(false);
      expect(methodsSince(from)).toEqual(['has_item']);
    });
  });

  describe('setNetboot', () => {
    it('turns netboot off and on again with save_system in edit mode', async () => {
      const driver = driverFor(sim);
      await driver.upsertSystem(nodeDict(21));
      const from = sim.calls.length;

      await driver.setNetboot('node-21', false);
      const off = (await driver.getSystem('node-21'))?.netboot_enabled;
      await driver.setNetboot('node-21', true);
      const on = (await driver.getSystem('node-21'))?.netboot_enabled;

      expect([off, on]).toEqual([false, true]);
      expect(sim.calls.slice(from, from + 7).map((call) => [call.method, ...call.args])).toEqual([
        ['has_item', 'system', 'node-21'],
        ['login', 'cobbler', '<password>'],
        ['get_item_handle', 'system', 'node-21', '<token>'],
        ['login', 'cobbler', '<password>'],
        ['modify_system', 'system::node-21', 'netboot_enabled', false, '<token>'],
        ['login', 'cobbler', '<password>'],
        ['save_system', 'system::node-21', '<token>', 'edit'],
      ]);
    });

    it('fails with CobblerSystemNotFound for a missing system', async () => {
      const error = await driverFor(sim)
        .setNetboot('node-405', false)
        .catch((e) => e);

      expect(error).toBeInstanceOf(CobblerSystemNotFound);
      expect(error).toMatchObject({ message: 'System node-405 not found.', retryable: false });
    });
  });

  describe('power', () => {
    it('reboots through a background task and polls it until complete', async () => {
      const driver = driverFor(sim);
      await driver.upsertSystem(nodeDict(22));
      const actions: string[] = [];
      sim.onPower = (name, action) => actions.push(`${name}:${action}`);
      const from = sim.calls.length;

      const { eventId } = await driver.power(['node-22'], 'reboot');
      sim.onPower = undefined;

      const polls = methodsSince(from).filter((method) => method === 'get_task_status');
      expect(eventId).toContain('Power management (reboot)');
      expect(polls.length).toBeGreaterThan(1);
      expect(sim.calls[from + 1]?.args).toEqual([
        { systems: ['node-22'], power: 'reboot' },
        '<token>',
      ]);
      expect(sim.state.machines.get('node-22')).toEqual({ power: 'on', reboots: 1 });
      expect(actions).toEqual(['node-22:reboot']);
    });

    it('fails with CobblerPowerFailed when the task ends failed', async () => {
      const driver = driverFor(sim);
      sim.failNextTask();

      const error = await driver.power(['node-22'], 'off').catch((e) => e);

      expect(error).toBeInstanceOf(CobblerPowerFailed);
      expect(error).toMatchObject({ retryable: false, systems: ['node-22'] });
      expect(error.eventId).toContain('Power management (off)');
    });

    it('gives up with CobblerTimeout when the task outlasts powerTimeoutMs', async () => {
      const slow = await startCobblerSimulator({ taskStepMs: 5_000 });
      const driver = driverFor(slow, { powerTimeoutMs: 50 });

      const error = await driver.power(['node-1'], 'on').catch((e) => e);
      await slow.close();

      expect(error).toBeInstanceOf(CobblerTimeout);
      expect(error.retryable).toBe(true);
    });
  });

  describe('sync', () => {
    it('tries again after a fault and succeeds', async () => {
      const { logger, entries } = memoryLogger();
      const driver = driverFor(sim, { logger });
      sim.failNext('sync', { message: 'rsync failed' });
      const syncs = sim.state.syncs;
      const from = sim.calls.length;

      await driver.sync();

      expect(methodsSince(from)).toEqual(['login', 'sync', 'login', 'sync']);
      expect(sim.state.syncs).toBe(syncs + 1);
      expect(entries.map((entry) => entry.message)).toContain('cobbler sync failed, retrying');
    });

    it('fails with the CobblerFault once the retries are used up', async () => {
      const driver = driverFor(sim, { syncRetries: 2 });
      sim.failNext('sync', { message: 'rsync failed', times: 3 });
      const from = sim.calls.length;

      const error = await driver.sync().catch((e) => e);

      expect(error).toBeInstanceOf(CobblerFault);
      expect(error).toMatchObject({
        method: 'sync',
        faultCode: 1,
        faultString: "<class 'cobbler.cexceptions.CX'>:'rsync failed'",
        retryable: false,
      });
      expect(methodsSince(from).filter((method) => method === 'sync')).toHaveLength(3);
    });

    it('tries again after a timeout', async () => {
      const driver = driverFor(sim, { timeoutMs: 300, syncRetries: 1 });
      sim.hang('sync', 1);
      const from = sim.calls.length;

      await driver.sync();

      expect(methodsSince(from)).toEqual(['login', 'sync', 'login', 'sync']);
    });
  });

  describe('failures', () => {
    it('fails with CobblerTimeout within timeoutMs when Cobbler never answers', async () => {
      const driver = driverFor(sim, { timeoutMs: 300, syncRetries: 0 });
      sim.hang('sync');
      const started = Date.now();

      const error = await driver.sync().catch((e) => e);

      expect(error).toBeInstanceOf(CobblerTimeout);
      expect(error).toMatchObject({ method: 'sync', retryable: true, timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('fails with CobblerLoginFailed and never shows the password', async () => {
      const driver = driverFor(sim, { password: 'S3cret-pass' });

      const error = await driver.upsertSystem(nodeDict(23)).catch((e) => e);

      expect(error).toBeInstanceOf(CobblerLoginFailed);
      expect(error).toMatchObject({
        retryable: false,
        faultString: expect.stringContaining('login failed (cobbler)'),
      });
      expect(JSON.stringify({ message: error.message, ...error })).not.toContain('S3cret-pass');
      expect(await driver.getSystem('node-23')).toBeUndefined();
    });

    it('fails with a retryable CobblerUnavailable while Cobbler is down, and recovers', async () => {
      const own = await startCobblerSimulator();
      const driver = driverFor(own);
      await own.down();

      const error = await driver.version().catch((e) => e);
      await own.up();
      const version = await driver.version();
      await own.close();

      expect(error).toBeInstanceOf(CobblerUnavailable);
      expect(error).toMatchObject({
        name: 'CobblerUnavailable',
        retryable: true,
        method: 'version',
      });
      expect(error.message).toContain('ECONNREFUSED');
      expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
      expect(version.generation).toBe(3);
    });

    it('cuts a refused token out of the fault message', async () => {
      const client = new CobblerClient({ url: sim.url, timeoutMs: 2_000 });
      const stale = `${'Q'.repeat(34)}==`;

      const error = (await client.call('sync', [stale], [stale]).catch((e) => e)) as CobblerFault;

      expect(error).toBeInstanceOf(CobblerFault);
      expect(error.faultString).toBe("<class 'cobbler.cexceptions.CX'>:'invalid token: ***'");
      expect(error.message).not.toContain(stale);
    });

    it('fails with CobblerUnavailable on an HTTP error', async () => {
      const driver = driverFor(sim, { url: sim.url.replace('/cobbler_api', '/wrong') });

      const error = await driver.version().catch((e) => e);

      expect(error).toBeInstanceOf(CobblerUnavailable);
      expect(error.message).toContain('HTTP 404');
    });
  });
});
