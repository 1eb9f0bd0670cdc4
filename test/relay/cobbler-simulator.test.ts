import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import xmlrpc from 'xmlrpc';
import {
  type CobblerSimulator,
  startCobblerSimulator,
} from '../../infra/local/cobbler-simulator/index.js';

interface Fault {
  faultCode: number;
  faultString: string;
}

/** Calls the simulator with the npm client; a fault resolves as `{faultCode, faultString}`. */
function rpc(url: string, method: string, ...params: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    xmlrpc.createClient(url).methodCall(method, params, (error, value) => {
      const fault = error as Partial<Fault> | null;
      if (fault === null) resolve(value);
      else if (typeof fault.faultString === 'string') {
        resolve({ faultCode: fault.faultCode, faultString: fault.faultString });
      } else reject(error);
    });
  });
}

const CX = "<class 'cobbler.cexceptions.CX'>";

describe('Cobbler simulator', () => {
  let sim: CobblerSimulator;
  let call: (method: string, ...params: unknown[]) => Promise<unknown>;
  let token: string;

  /** Creates and saves a system with one interface; returns its name. */
  async function addSystem(name: string, mac: string, extra: Record<string, unknown> = {}) {
    const handle = await call('new_item', 'system', token);
    await call('modify_item', 'system', handle, 'name', name, token);
    await call('modify_item', 'system', handle, 'profile', 'ubuntu_bootstrap', token);
    for (const [field, value] of Object.entries(extra)) {
      await call('modify_item', 'system', handle, field, value, token);
    }
    await call('modify_system', handle, 'modify_interface', { 'mac_address-eth0': mac }, token);
    await call('save_item', 'system', handle, token);
    return name;
  }

  /** Polls an event until it has ended; resolves with its final state. */
  async function settle(id: unknown): Promise<unknown> {
    for (let i = 0; i < 200; i += 1) {
      const state = ((await call('get_task_status', id)) as unknown[])[2];
      if (state === 'complete' || state === 'failed') return state;
      await sleep(10);
    }
    throw new Error(`event ${String(id)} did not end`);
  }

  beforeAll(async () => {
    sim = await startCobblerSimulator({ taskStepMs: 20 });
    call = (method, ...params) => rpc(sim.url, method, ...params);
    token = (await call('login', 'cobbler', 'cobbler')) as string;
  });

  afterEach(() => sim.clearFaults());

  afterAll(() => sim.close());

  describe('versions and sessions', () => {
    it('answers version 3.307 and the extended version 3.3.7', async () => {
      const version = await call('version');
      const extended = await call('extended_version');

      expect(version).toBe(3.307);
      expect(extended).toMatchObject({ version: '3.3.7', version_tuple: [3, 3, 7] });
    });

    it('issues 36-character tokens and refuses a bad password with CX fault 1', async () => {
      const good = await call('login', 'cobbler', 'cobbler');
      const bad = await call('login', 'cobbler', 'wrong');

      expect(good).toMatch(/^[A-Za-z0-9+/]{34}==$/);
      expect(bad).toEqual({ faultCode: 1, faultString: `${CX}:'login failed (cobbler)'` });
    });

    it('answers a ValueError fault to a write with a malformed token and CX to an unknown one', async () => {
      const malformed = await call('new_item', 'system', 'not-a-token');
      const unknown = await call('sync', `${'A'.repeat(34)}==`);

      expect(malformed).toEqual({
        faultCode: 1,
        faultString: `<class 'ValueError'>:"token" did not have the correct format or type!`,
      });
      expect(unknown).toMatchObject({ faultString: `${CX}:'invalid token: ${'A'.repeat(34)}=='` });
    });

    it('checks and retires tokens', async () => {
      const fresh = (await call('login', 'cobbler', 'cobbler')) as string;

      const before = await call('token_check', fresh);
      const out = await call('logout', fresh);
      const after = await call('token_check', fresh);

      expect([before, out, after]).toEqual([true, true, false]);
    });
  });

  describe('dispatch', () => {
    it('answers fault 1 to an unknown method instead of HTTP 404', async () => {
      const answer = await call('no_such_method', 1);

      expect(answer).toEqual({
        faultCode: 1,
        faultString: `${CX}:"unknown remote method 'no_such_method'"`,
      });
    });

    it('answers Python TypeErrors to wrong argument counts', async () => {
      const missing = await call('login', 'cobbler');
      const extra = await call('version', 'a', 'b');

      expect(missing).toMatchObject({
        faultString:
          "<class 'TypeError'>:login() missing 1 required positional argument: 'login_password'",
      });
      expect(extra).toMatchObject({
        faultString:
          "<class 'TypeError'>:version() takes from 1 to 2 positional arguments but 3 were given",
      });
    });

    it('answers 501 to GET and 404 to other paths', async () => {
      const get = await fetch(sim.url);
      const post = await fetch(sim.url.replace('/cobbler_api', '/elsewhere'), { method: 'POST' });

      expect(get.status).toBe(501);
      expect(post.status).toBe(404);
    });

    it('answers an XML parse error as a fault', async () => {
      const response = await fetch(sim.url, { method: 'POST', body: '<methodCall><oops' });

      expect(await response.text()).toContain('ExpatError');
    });
  });

  describe('items and handles', () => {
    it('answers "~" for a missing system and false from has_item', async () => {
      const system = await call('get_system', 'ghost');
      const item = await call('get_item', 'system', 'ghost');
      const has = await call('has_item', 'system', 'ghost');

      expect([system, item, has]).toEqual(['~', '~', false]);
    });

    it('hands out ___NEW___ handles for new objects and system::<name> for saved ones', async () => {
      await addSystem('handles-1', '52:54:00:10:00:01');

      const fresh = await call('new_item', 'system', token);
      const saved = await call('get_item_handle', 'system', 'handles-1', token);
      const missing = await call('get_item_handle', 'system', 'ghost', token);

      expect(fresh).toMatch(/^___NEW___system::[A-Za-z0-9+/]{34}==$/);
      expect(saved).toBe('system::handles-1');
      expect(missing).toMatchObject({
        faultString: `${CX}:'internal error, unknown system name ghost'`,
      });
    });

    it('answers a KeyError fault for a forgotten ___NEW___ handle', async () => {
      const answer = await call(
        'modify_item',
        'system',
        '___NEW___system::gone',
        'name',
        'x',
        token,
      );

      expect(answer).toEqual({
        faultCode: 1,
        faultString: "<class 'KeyError'>:'___NEW___system::gone'",
      });
    });

    it('answers false to an unknown attribute and true but stores nothing for ks_meta on 3.x', async () => {
      const handle = await call('new_item', 'system', token);

      const unknown = await call('modify_item', 'system', handle, 'ldap_enabled', true, token);
      const alias = await call('modify_system', handle, 'ks_meta', 'a=1', token);
      const kickstart = await call('modify_system', handle, 'kickstart', 'x.seed', token);
      await call('modify_system', handle, 'name', 'alias-1', token);
      await call('modify_system', handle, 'profile', 'bootstrap', token);
      await call('save_system', handle, token);

      expect([unknown, alias, kickstart]).toEqual([false, true, true]);
      expect(await call('get_system', 'alias-1')).toMatchObject({
        autoinstall_meta: '<<inherit>>',
        autoinstall: '<<inherit>>',
      });
    });

    it('turns an autoinstall_meta string into a struct, "~" for bare keys and lists for repeats', async () => {
      await addSystem('meta-1', '52:54:00:10:00:02', {
        autoinstall_meta: 'a=1 flag b=2 b=3 json="{\\"k\\": [1, 2]}"',
        kernel_options: 'console=tty0 quiet',
      });

      const system = (await call('get_system', 'meta-1')) as Record<string, unknown>;

      expect(system.autoinstall_meta).toEqual({
        a: '1',
        flag: '~',
        b: ['2', '3'],
        json: '{"k": [1, 2]}',
      });
      expect(system.kernel_options).toEqual({ console: 'tty0', quiet: '~' });
      expect(Object.keys(system)).toHaveLength(55);
    });

    it('reads modify_interface field names with or without underscores and ignores unknown ones', async () => {
      const handle = await call('new_item', 'system', token);
      await call('modify_item', 'system', handle, 'name', 'iface-1', token);
      await call('modify_item', 'system', handle, 'profile', 'bootstrap', token);

      const answer = await call(
        'modify_system',
        handle,
        'modify_interface',
        {
          'macaddress-eth0': '52:54:00:AA:00:01',
          'ip_address-eth0': '10.20.0.31',
          'static-eth0': '1',
          'bogus-eth0': 'x',
          'dns_name-eth1': 'iface-1.domain.tld',
        },
        token,
      );
      await call('save_item', 'system', handle, token);

      const system = (await call('get_system', 'iface-1')) as {
        interfaces: Record<string, unknown>;
      };
      expect(answer).toBe(true);
      expect(system.interfaces.eth0).toMatchObject({
        mac_address: '52:54:00:aa:00:01',
        ip_address: '10.20.0.31',
        static: true,
      });
      expect(system.interfaces.eth1).toMatchObject({
        dns_name: 'iface-1.domain.tld',
        mac_address: '',
      });
    });

    it('refuses a MAC address another system holds', async () => {
      await addSystem('dup-a', '52:54:00:10:00:03');
      const handle = await call('new_item', 'system', token);

      const answer = await call(
        'modify_system',
        handle,
        'modify_interface',
        {
          'mac_address-eth0': '52:54:00:10:00:03',
        },
        token,
      );

      expect(answer).toMatchObject({
        faultString:
          '<class \'ValueError\'>:MAC address duplicate found "52:54:00:10:00:03". Object with the conflict has the name "dup-a"',
      });
    });

    it('refuses to save a system without profile, or a second one with editmode new', async () => {
      await addSystem('save-1', '52:54:00:10:00:04');
      const bare = await call('new_item', 'system', token);
      await call('modify_item', 'system', bare, 'name', 'save-2', token);
      const twin = await call('new_item', 'system', token);
      await call('modify_item', 'system', twin, 'name', 'save-1', token);
      await call('modify_item', 'system', twin, 'profile', 'bootstrap', token);

      const noProfile = await call('save_item', 'system', bare, token);
      const duplicate = await call('save_item', 'system', twin, token, 'new');

      expect(noProfile).toMatchObject({
        faultString: `${CX}:'Error with system save-2 - profile or image is required'`,
      });
      expect(duplicate).toMatchObject({
        faultString: `${CX}:"An object already exists with that name. Try 'edit'?"`,
      });
      expect(await call('has_item', 'system', 'save-2')).toBe(false);
      expect(await call('get_system', 'save-1')).toMatchObject({ profile: 'ubuntu_bootstrap' });
    });

    it('refuses an unknown profile and an unknown power type', async () => {
      const handle = await call('new_item', 'system', token);

      const profile = await call('modify_item', 'system', handle, 'profile', 'centos', token);
      const power = await call('modify_item', 'system', handle, 'power_type', 'fence_dream', token);

      expect(profile).toMatchObject({
        faultString: '<class \'ValueError\'>:Profile with the name "centos" is not existing',
      });
      expect(power).toMatchObject({
        faultString: `${CX}:'power management type must be one of: ssh,ipmilan,ipmilanplus,redfish,virsh'`,
      });
    });

    it('answers true to remove_item whether or not the system exists', async () => {
      await addSystem('remove-1', '52:54:00:10:00:05');

      const existing = await call('remove_item', 'system', 'remove-1', token, true);
      const missing = await call('remove_system', 'remove-1', token);

      expect([existing, missing]).toEqual([true, true]);
      expect(await call('has_item', 'system', 'remove-1')).toBe(false);
    });

    it('finds systems by MAC and by glob: names from find_system, structs from find_items', async () => {
      await addSystem('find-1', '52:54:00:10:00:06');
      await addSystem('find-2', '52:54:00:10:00:07');

      const byMac = await call('find_system', { mac_address: '52:54:00:10:00:07' });
      const byGlob = await call('find_system', { name: 'find-*' });
      const structs = (await call('find_items', 'system', { name: 'find-?' })) as Array<{
        name: string;
      }>;
      const names = await call('get_item_names', 'system');
      const empty = await call('find_items', 'system', {});

      expect(byMac).toEqual(['find-2']);
      expect(byGlob).toEqual(['find-1', 'find-2']);
      expect(structs.map((s) => s.name)).toEqual(['find-1', 'find-2']);
      expect(names).toEqual(expect.arrayContaining(['find-1', 'find-2']));
      expect(empty).toMatchObject({
        faultString: "<class 'ValueError'>:calling find with no arguments",
      });
    });

    it('turns netboot off with disable_netboot, false for a missing system', async () => {
      await addSystem('netboot-1', '52:54:00:10:00:08', { netboot_enabled: true });

      const done = await call('disable_netboot', 'netboot-1');
      const missing = await call('disable_netboot', 'ghost');

      expect([done, missing]).toEqual([true, false]);
      expect(await call('get_system', 'netboot-1')).toMatchObject({ netboot_enabled: false });
    });
  });

  describe('tasks and events', () => {
    it('moves a power task from notification through running to complete and reboots the machine', async () => {
      const paced = await startCobblerSimulator({ taskStepMs: 400 });
      const pacedToken = await rpc(paced.url, 'login', 'cobbler', 'cobbler');
      const handle = await rpc(paced.url, 'new_item', 'system', pacedToken);
      for (const [field, value] of [
        ['name', 'power-1'],
        ['profile', 'bootstrap'],
        ['power_type', 'ssh'],
      ]) {
        await rpc(paced.url, 'modify_item', 'system', handle, field, value, pacedToken);
      }
      await rpc(paced.url, 'save_item', 'system', handle, pacedToken);
      const seen: string[] = [];
      paced.onPower = (name, action) => seen.push(`${name}:${action}`);
      const stateOf = async (id: unknown) =>
        ((await rpc(paced.url, 'get_task_status', id)) as unknown[])[2];

      const id = await rpc(
        paced.url,
        'background_power_system',
        { systems: ['power-1'], power: 'reboot' },
        pacedToken,
      );
      const states = [await stateOf(id)];
      await sleep(600);
      states.push(await stateOf(id));
      await sleep(400);
      states.push(await stateOf(id));
      await paced.close();

      expect(id).toMatch(/^\d{4}-\d\d-\d\d_\d{6}_Power management \(reboot\)_[0-9a-f]{32}$/);
      expect(states).toEqual(['notification', 'running', 'complete']);
      expect(paced.state.machines.get('power-1')).toEqual({ power: 'on', reboots: 1 });
      expect(seen).toEqual(['power-1:reboot']);
    });

    it('completes a power task although one system fails, and logs the failure', async () => {
      const id = (await call(
        'background_power_system',
        { systems: ['ghost'], power: 'off' },
        token,
      )) as string;
      await sleep(70);

      const status = (await call('get_task_status', id)) as unknown[];
      const log = await call('get_event_log', id);

      expect(status[2]).toBe('complete');
      expect(log).toContain(
        "failed to execute power task on ghost, exception: 'internal error, unknown system name ghost'",
      );
    });

    it('ends an injected task failure as failed', async () => {
      sim.failNextTask();

      const id = await call('background_sync', {}, token);

      expect(await settle(id)).toBe('failed');
    });

    it('answers a CX fault for an unknown event id', async () => {
      const answer = await call('get_task_status', 'nope');

      expect(answer).toMatchObject({ faultString: `${CX}:'no event with that id'` });
    });

    it('powers one system synchronously and reports its status', async () => {
      await addSystem('power-2', '52:54:00:10:00:0a', { power_type: 'ipmilan' });
      await addSystem('power-3', '52:54:00:10:00:0b');

      const off = await call('power_system', 'system::power-2', 'off', token);
      const status = await call('power_system', 'system::power-2', 'status', token);
      const none = await call('power_system', 'system::power-3', 'on', token);

      expect([off, status]).toEqual([true, false]);
      expect(none).toMatchObject({ faultString: `${CX}:'no power type set for system'` });
    });

    it('counts sync calls and background syncs', async () => {
      const before = sim.state.syncs;

      await call('sync', token);
      const id = (await call('background_sync', { dhcp: true }, token)) as string;
      await settle(id);

      expect(sim.state.syncs).toBe(before + 2);
      expect(id).toContain('_Sync_');
    });

    it('lists events once per reader in get_events, until their state changes', async () => {
      const slow = await startCobblerSimulator({ taskStepMs: 60_000 });
      const slowToken = await rpc(slow.url, 'login', 'cobbler', 'cobbler');
      const id = await rpc(slow.url, 'background_sync', {}, slowToken);

      const first = (await rpc(slow.url, 'get_events', 'relay')) as Record<string, unknown>;
      const second = (await rpc(slow.url, 'get_events', 'relay')) as Record<string, unknown>;
      const anyone = (await rpc(slow.url, 'get_events')) as Record<string, unknown>;
      await slow.close();

      expect(Object.keys(first)).toEqual([id]);
      expect(second).toEqual({});
      expect(anyone[id as string]).toEqual([expect.any(Number), 'Sync', 'notification', ['relay']]);
    });
  });

  describe('fault injection and the call log', () => {
    it('answers an injected fault once, then the real result', async () => {
      sim.failNext('sync', { message: 'rsync failed' });

      const first = await call('sync', token);
      const second = await call('sync', token);

      expect(first).toEqual({ faultCode: 1, faultString: `${CX}:'rsync failed'` });
      expect(second).toBe(true);
    });

    it('never answers a hung method', async () => {
      sim.hang('ping', 1);

      const hung = await Promise.race([call('ping'), sleep(100).then(() => 'no answer')]);
      const next = await call('ping');

      expect([hung, next]).toEqual(['no answer', true]);
    });

    it('refuses connections while down and serves again once up', async () => {
      const own = await startCobblerSimulator();
      await own.down();

      const refused = await rpc(own.url, 'version').catch(
        (error: NodeJS.ErrnoException) => error.code,
      );
      await own.up();
      const served = await rpc(own.url, 'version');
      await own.close();

      expect([refused, served]).toEqual(['ECONNREFUSED', 3.307]);
    });

    it('records every call with tokens and passwords masked', async () => {
      const own = await startCobblerSimulator();
      const ownToken = await rpc(own.url, 'login', 'cobbler', 'cobbler');
      const handle = await rpc(own.url, 'new_item', 'system', ownToken);

      await rpc(own.url, 'modify_item', 'system', handle, 'power_pass', 'secret', ownToken);
      await own.close();

      expect(own.calls).toEqual([
        { method: 'login', args: ['cobbler', '<password>'] },
        { method: 'new_item', args: ['system', '<token>'] },
        { method: 'modify_item', args: ['system', handle, 'power_pass', '<password>', '<token>'] },
      ]);
    });
  });

  describe('as a 2.x Cobbler', () => {
    it('stores ks_meta and kickstart and has no autoinstall_meta', async () => {
      const old = await startCobblerSimulator({ version: 2.8 });
      const oldToken = await rpc(old.url, 'login', 'cobbler', 'cobbler');
      const handle = await rpc(old.url, 'new_item', 'system', oldToken);
      await rpc(old.url, 'modify_item', 'system', handle, 'name', 'old-1', oldToken);
      await rpc(old.url, 'modify_item', 'system', handle, 'profile', 'bootstrap', oldToken);

      const meta = await rpc(old.url, 'modify_item', 'system', handle, 'ks_meta', 'a=1', oldToken);
      const modern = await rpc(
        old.url,
        'modify_item',
        'system',
        handle,
        'autoinstall_meta',
        'a=1',
        oldToken,
      );
      await rpc(old.url, 'save_item', 'system', handle, oldToken);
      const system = (await rpc(old.url, 'get_system', 'old-1')) as Record<string, unknown>;
      const version = await rpc(old.url, 'version');
      await old.close();

      expect([meta, modern, version]).toEqual([true, false, 2.8]);
      expect(system.ks_meta).toEqual({ a: '1' });
      expect(system).not.toHaveProperty('autoinstall_meta');
    });
  });
});
