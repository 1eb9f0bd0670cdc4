import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CobblerDriver } from '../../agent/relay/drivers/cobbler/index.js';
import {
  eraseNode,
  execute,
  getSystemType,
  McoAgentFailed,
  McoDriver,
  McoNoResponse,
  puppetRunOnce,
  puppetSync,
  uploadFile,
  waitForPuppetRun,
} from '../../agent/relay/drivers/mcollective/index.js';
import {
  type CobblerSimulator,
  startCobblerSimulator,
} from '../../infra/local/cobbler-simulator/index.js';
import {
  type Lab,
  type LabNodeState,
  startLab,
  type VirtualNode,
} from '../../infra/local/lab/index.js';
import { system } from '../relay/support/relay-fixtures.js';

/** Fast enough for tests, slow enough to see a node go down: boot 60 ms, install 240 ms. */
const SPEED = 50;

let dataDir: string;
let cobbler: CobblerSimulator;
let cobblerDriver: CobblerDriver;
let lab: Lab;
let mco: McoDriver;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lab-nodes-'));
  cobbler = await startCobblerSimulator({ taskStepMs: 5 });
  cobblerDriver = new CobblerDriver({
    url: cobbler.url,
    username: 'cobbler',
    password: 'cobbler',
    powerPollIntervalMs: 10,
  });
  // Nothing listens on port 9: the agents' reports fail, so tests give identities themselves.
  lab = startLab({ count: 6, dataDir, proxyUrl: 'http://127.0.0.1:9', speed: SPEED, cobbler });
  cobbler.onPower = lab.power;
  mco = new McoDriver({ transport: lab.mcollective, retries: 0 });
});
afterAll(async () => {
  await lab.stop();
  await cobbler.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Node `index` of the lab, running, known to MCollective as `identity`. */
async function runningNode(index: number, identity: string): Promise<VirtualNode> {
  const node = lab.nodes[index - 1];
  if (node === undefined) throw new Error(`no lab node ${index}`);
  await until(() => node.answering);
  node.identify(identity);
  return node;
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The states a node goes through until `check` holds. */
async function watchStates(node: VirtualNode, check: () => boolean): Promise<LabNodeState[]> {
  const seen: LabNodeState[] = [node.state];
  await until(() => {
    if (seen.at(-1) !== node.state) seen.push(node.state);
    return check();
  });
  return seen;
}

describe('the lab’s simulated MCollective, through the relay’s driver', () => {
  it('leaves a node silent until its agent has been answered, then reports bootstrap', async () => {
    const node = lab.nodes[0] as VirtualNode;
    await until(() => node.answering);

    const before = await getSystemType(mco, '101').catch((error: unknown) => error);
    node.identify('101');
    const after = await getSystemType(mco, '101');

    expect(before).toBeInstanceOf(McoNoResponse);
    expect(after).toBe('bootstrap');
  });

  it('goes silent on reboot, installs when Cobbler netboots it, and runs the target', async () => {
    const node = await runningNode(2, '102');
    await cobblerDriver.upsertSystem(system(102, node.macs[0]));

    await mco.callOne('102', { agent: 'erase_node', action: 'reboot_node' });
    const states = await watchStates(node, () => node.answering && node.system === 'target');
    const type = await getSystemType(mco, '102');

    expect(states).toEqual(['running', 'booting', 'installing', 'booting', 'running']);
    expect(type).toBe('target');
    expect(node.tree.read('/etc/nailgun_systemtype')).toBe('target');
    expect(node.tree.read('/etc/nailgun_uid')).toBe('102');
    expect(node.hostname).toBe('node-102');
  });

  it('keeps uploaded files and runs Puppet with progress rising to 100', async () => {
    await runningNode(3, '103');
    const percents: number[] = [];

    await uploadFile(mco, '103', {
      path: '/etc/astute.yaml',
      content: 'uid: "103"\nrole: controller\n',
    });
    await puppetSync(mco, '103', {
      modulesSource: 'rsync://10.20.0.2:/puppet/modules/',
      manifestsSource: 'rsync://10.20.0.2:/puppet/manifests/',
    });
    await puppetRunOnce(mco, '103', { manifest: '/etc/puppet/manifests/site.pp' });
    const outcome = await waitForPuppetRun(mco, '103', {
      pollMs: 5,
      onProgress: (percent) => percents.push(percent),
    });
    const written = await execute(mco, '103', { cmd: 'cat /etc/astute.yaml' });

    expect(outcome.state).toBe('succeeded');
    expect(outcome.summary.exitCode).toBe(2);
    expect(outcome.summary.resources.total).toBeGreaterThanOrEqual(1430);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(written.stdout).toContain('role: controller');
  });

  it('refuses a second run while one goes on, and a manifest it was never given', async () => {
    await runningNode(4, '104');
    await puppetSync(mco, '104', { manifestsSource: 'rsync://10.20.0.2:/puppet/manifests/' });

    const missing = await puppetRunOnce(mco, '104', { manifest: '/root/other.pp' }).catch(
      (error: unknown) => error,
    );
    await puppetRunOnce(mco, '104', { manifest: '/etc/puppet/manifests/site.pp' });
    const second = await puppetRunOnce(mco, '104', {
      manifest: '/etc/puppet/manifests/site.pp',
    }).catch((error: unknown) => error);

    expect(missing).toBeInstanceOf(McoAgentFailed);
    expect((missing as Error).message).toContain('Manifest /root/other.pp does not exist');
    expect((second as Error).message).toContain('Puppet is already running');
  });

  it('erases itself, reboots into the discovery image and forgets its id', async () => {
    const node = await runningNode(5, '105');

    const erased = await eraseNode(mco, '105', { reboot: true, dryRun: false });
    const stopped = node.tree.exists('/etc/nailgun-agent/nodiscover');
    const states = await watchStates(node, () => node.boots > 1 && node.answering);

    expect(erased).toMatchObject({ erased: true, rebooted: true, devices: ['/dev/vda'] });
    expect(stopped).toBe(true);
    expect(states).toEqual(['running', 'booting', 'running']);
    expect(node.system).toBe('bootstrap');
    expect(node.identity).toBeUndefined();
    expect(node.tree.exists('/etc/nailgun_uid')).toBe(false);
    expect(node.tree.exists('/etc/nailgun-agent/nodiscover')).toBe(false);
  });

  it('follows Cobbler’s power management off and on', async () => {
    const node = await runningNode(6, '106');
    await cobblerDriver.upsertSystem({ ...system(106, node.macs[0]), netboot_enabled: '0' });

    await cobblerDriver.power(['node-106'], 'off');
    const off = node.state;
    await cobblerDriver.power(['node-106'], 'on');
    await until(() => node.answering);
    const shell = await execute(mco, '106', { cmd: 'hostname' }).catch((error: unknown) => error);

    expect(off).toBe('off');
    expect(node.system).toBe('bootstrap');
    expect(shell).toBeInstanceOf(McoNoResponse);
  });

  it('answers a command it does not know as the shell does', async () => {
    await runningNode(1, '101');

    const result = await execute(mco, '101', { cmd: 'lsblk -J' });

    expect(result).toEqual({ stdout: '', stderr: '/bin/sh: 1: lsblk: not found\n', exitCode: 127 });
  });
});
