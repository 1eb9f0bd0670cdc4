import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { system } from './support/relay-fixtures.js';
import {
  createRelayHarness,
  eventually,
  onNode,
  type RelayHarness,
} from './support/relay-harness.js';

describe('relay Cobbler steps', () => {
  let h: RelayHarness;

  beforeAll(async () => {
    h = await createRelayHarness();
    await h.start();
  });

  afterAll(async () => {
    await h.close();
  });

  describe('cobbler.upsert_system', () => {
    it('creates the system in Cobbler and answers success', async () => {
      const step = h.submit({
        step: 'cobbler.upsert_system',
        ...onNode('11'),
        params: { system: system(11) },
      });

      const answer = await step.answer;

      expect(answer).toEqual({
        ok: true,
        output: { status: 'done', data: { system_name: 'node-11', removed_duplicates: [] } },
      });
      expect(h.cobbler.state.systems.get('node-11')?.fields.hostname).toBe('node-11.domain.tld');
      await eventually(() => h.queue.depth(h.queueUrl).inFlight === 0);
      expect(h.queue.depth(h.queueUrl)).toEqual({ visible: 0, inFlight: 0 });
    });

    it('removes another system holding the same MAC first', async () => {
      const mac = '52:54:00:00:02:01';
      await h.submit({
        step: 'cobbler.upsert_system',
        ...onNode('12'),
        params: { system: { ...system(12, mac), name: 'old-name' } },
      }).answer;

      const answer = await h.submit({
        step: 'cobbler.upsert_system',
        ...onNode('12'),
        params: { system: system(12, mac) },
      }).answer;

      expect(answer).toMatchObject({
        ok: true,
        output: { data: { removed_duplicates: ['old-name'] } },
      });
      expect(h.cobbler.state.systems.has('old-name')).toBe(false);
      expect(h.cobbler.state.systems.has('node-12')).toBe(true);
    });

    it('fails with Relay.StepFailed and Cobbler message on a fault', async () => {
      h.cobbler.failNext('save_item', { message: 'invalid profile' });

      const answer = await h.submit({
        step: 'cobbler.upsert_system',
        ...onNode('13'),
        params: { system: system(13) },
      }).answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.StepFailed' });
      expect(answer.ok === false && answer.decoded).toMatchObject({
        error_type: 'provision',
        message: expect.stringContaining('invalid profile'),
      });
      expect(h.cobbler.state.systems.has('node-13')).toBe(false);
    });

    it('fails with the retryable Relay.Unavailable while Cobbler is down', async () => {
      await h.cobbler.down();

      const answer = await h.submit({
        step: 'cobbler.upsert_system',
        ...onNode('14'),
        params: { system: system(14) },
      }).answer;
      await h.cobbler.up();

      expect(answer).toMatchObject({ ok: false, error: 'Relay.Unavailable' });
    });

    it('fails with Relay.Timeout when Cobbler does not answer', async () => {
      h.cobbler.hang('has_item', 1);

      const answer = await h.submit({
        step: 'cobbler.upsert_system',
        ...onNode('15'),
        params: { system: system(15) },
      }).answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.Timeout' });
    });
  });

  describe('cobbler.sync, set_netboot and remove_system', () => {
    it('syncs Cobbler once per step', async () => {
      const before = h.cobbler.calls.filter((c) => c.method === 'sync').length;

      const answer = await h.submit({ step: 'cobbler.sync', params: {} }).answer;

      expect(answer).toEqual({ ok: true, output: { status: 'done' } });
      expect(h.cobbler.calls.filter((c) => c.method === 'sync').length).toBe(before + 1);
    });

    it('turns netboot off and removes the system', async () => {
      await h.submit({
        step: 'cobbler.upsert_system',
        ...onNode('16'),
        params: { system: system(16) },
      }).answer;

      const netboot = await h.submit({
        step: 'cobbler.set_netboot',
        ...onNode('16'),
        params: { system_name: 'node-16', enabled: false },
      }).answer;
      const netbootField = h.cobbler.state.systems.get('node-16')?.fields.netboot_enabled;
      const removed = await h.submit({
        step: 'cobbler.remove_system',
        ...onNode('16'),
        params: { system_name: 'node-16' },
      }).answer;
      const again = await h.submit({
        step: 'cobbler.remove_system',
        ...onNode('16'),
        params: { system_name: 'node-16' },
      }).answer;

      expect(netboot).toMatchObject({ ok: true });
      expect(netbootField).toBe(false);
      expect(removed).toMatchObject({ ok: true, output: { data: { removed: true } } });
      expect(again).toMatchObject({ ok: true, output: { data: { removed: false } } });
      expect(h.cobbler.state.systems.has('node-16')).toBe(false);
    });

    it('fails set_netboot of a missing system with Cobbler message', async () => {
      const answer = await h.submit({
        step: 'cobbler.set_netboot',
        ...onNode('17'),
        params: { system_name: 'node-17', enabled: false },
      }).answer;

      expect(answer).toMatchObject({ ok: false, error: 'Relay.StepFailed' });
      expect(answer.ok === false && answer.decoded).toMatchObject({
        message: 'System node-17 not found.',
      });
    });
  });
});
