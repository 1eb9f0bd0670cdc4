import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, openFileJournal } from '../../agent/relay/idempotency.js';
import { succeeded } from '../../agent/relay/outcome.js';
import type { StepTransport } from '../../agent/relay/transport/step-transport.js';
import {
  createRelayHarness,
  eventually,
  onNode,
  type RelayHarness,
} from './support/relay-harness.js';

const UPLOAD = {
  path: '/etc/astute.yaml',
  content: 'uid: "7"\n',
  permissions: '0600',
  overwrite: true,
  parents: true,
};

const APPLY = {
  manifest: '/etc/puppet/manifests/site.pp',
  modules: '/etc/puppet/modules',
  cwd: '/',
  timeout_seconds: 60,
  task_name: 'site',
};

describe('relay recovery', () => {
  let h: RelayHarness;

  beforeAll(async () => {
    h = await createRelayHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  it('answers a redelivered finished step from the journal without running it again', async () => {
    h.nodes.add('71');
    let answering = false;
    const stuck: StepTransport = {
      ...h.transport,
      sendTaskSuccess: () => {
        answering = true;
        return new Promise<void>(() => undefined);
      },
    };
    const first = await h.start({ transport: stuck });
    const step = h.submit({ step: 'node.upload_file', ...onNode('71'), params: UPLOAD });
    await eventually(() => answering);
    await first.kill();

    const second = await h.start();
    const answer = await step.answer;
    await eventually(() => h.queue.depth(h.queueUrl).inFlight === 0);
    await second.stop();

    expect(answer).toMatchObject({ ok: true, output: { data: { path: '/etc/astute.yaml' } } });
    expect(h.nodes.count('uploadfile.upload')).toBe(1);
    expect(h.queue.depth(h.queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('answers a duplicate delivery of the same message from the journal', async () => {
    const relay = await h.start();
    h.nodes.add('72');
    const step = h.submit({ step: 'node.upload_file', ...onNode('72'), params: UPLOAD });
    await step.answer;
    const copy = h.queue.send(
      h.queueUrl,
      JSON.stringify({
        version: 1,
        task_token: step.token,
        task_uuid: 'task-uuid-1',
        cluster_id: 1,
        correlation_id: 'execution-1',
        step: 'node.upload_file',
        ...onNode('72'),
        params: UPLOAD,
      }),
    );

    await eventually(() => {
      const { visible, inFlight } = h.queue.depth(h.queueUrl);
      return visible + inFlight === 0;
    });
    await relay.stop();

    expect(copy).toBeTypeOf('string');
    expect(h.nodes.nodes.get('72')?.files.size).toBe(1);
    expect(
      h.nodes.requests.filter((r) => r.agent === 'uploadfile' && r.nodes.includes('72')),
    ).toHaveLength(1);
  });

  it('resumes the Puppet run of a killed relay once the message comes back', async () => {
    const node = h.nodes.add('73');
    node.puppet.script.push({ polls: 20 });
    const first = await h.start();
    const step = h.submit({ step: 'node.puppet_apply', ...onNode('73'), params: APPLY });
    await eventually(() => node.puppet.polled >= 2);

    await first.kill();
    const polledWhenKilled = node.puppet.polled;
    const second = await h.start();
    const answer = await step.answer;
    await second.stop();

    expect(polledWhenKilled).toBeLessThan(20);
    expect(answer).toMatchObject({ ok: true, output: { data: { runs: 1 } } });
    expect(node.puppet.runs).toBe(1);
    expect(h.nodes.count('puppetd.runonce')).toBe(1);
  });

  it('runs a killed relay reboot again and counts a silent node as rebooting', async () => {
    const node = h.nodes.add('74', { installPolls: 100 });
    const release = h.nodes.hold('erase_node.reboot_node');
    const first = await h.start();
    const step = h.submit({
      step: 'node.reboot',
      ...onNode('74'),
      params: { system_name: 'node-74', method: 'mcollective' },
    });
    await eventually(() => h.nodes.count('erase_node.reboot_node') === 1);

    await first.kill();
    release();
    await eventually(() => node.rebooted === 1);
    node.online = false;
    const second = await h.start();
    const answer = await step.answer;
    await second.stop();

    expect(answer).toEqual({
      ok: true,
      output: { status: 'done', data: { method: 'mcollective', assumed: true } },
    });
    expect(node.rebooted).toBe(1);
  });
});

describe('step journal', () => {
  it('keeps outcomes across a restart and skips a line torn by a crash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await openFileJournal({ dir });
    await journal.record('token-a', succeeded({ n: 1 }));
    await journal.record('token-b', { kind: 'failure', error: 'Relay.Timeout', cause: '{}' });
    await journal.close();
    await appendFile(join(dir, JOURNAL_FILE), '{"key":"abc","at":1,"outc');

    const reopened = await openFileJournal({ dir });

    expect(reopened.find('token-a')).toEqual(succeeded({ n: 1 }));
    expect(reopened.find('token-b')).toMatchObject({ kind: 'failure', error: 'Relay.Timeout' });
    expect(reopened.find('token-c')).toBeUndefined();
    const text = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    expect(text).not.toContain('token-a');
    expect(text.trim().split('\n')).toHaveLength(2);
    await reopened.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('forgets outcomes older than its retention', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    let now = 1_000_000;
    const journal = await openFileJournal({ dir, retentionMs: 1_000, now: () => now });
    await journal.record('token-old', succeeded());

    now += 2_000;
    const reopened = await openFileJournal({ dir, retentionMs: 1_000, now: () => now });

    expect(journal.find('token-old')).toBeUndefined();
    expect(reopened.find('token-old')).toBeUndefined();
    expect((await readFile(join(dir, JOURNAL_FILE), 'utf8')).trim()).toBe('');
    await journal.close();
    await reopened.close();
    await rm(dir, { recursive: true, force: true });
  });
});
