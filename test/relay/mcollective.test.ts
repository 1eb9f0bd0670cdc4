import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BridgeClient,
  eraseNode,
  execute,
  getSystemType,
  McoAgentFailed,
  McoBridgeDied,
  McoDriver,
  McoNoResponse,
  McoValidationFailed,
  puppetEnable,
  puppetLastRunSummary,
  puppetRunOnce,
  puppetStatus,
  puppetStopAndDisable,
  puppetSync,
  uploadFile,
  waitForPuppetRun,
} from '../../agent/relay/drivers/mcollective/index.js';

import { NODE, RUNTIME, startLiveMcollective, stopLiveMcollective } from './mco-live.js';

const setup = await startLiveMcollective();
if (!setup.ready)
  console.info(`MCollective tests skipped, waiting for mcollectived: ${setup.reason}`);

describe.skipIf(!setup.ready)('MCollective driver against a real mcollectived', () => {
  const bridge = new BridgeClient({ configPath: join(RUNTIME, 'client.cfg') });
  const driver = new McoDriver({ transport: bridge, retries: 2, retryDelayMs: 100 });
  let scratch = '';

  beforeAll(async () => {
    scratch = await mkdtemp(join(RUNTIME, 'test-'));
  });

  afterAll(async () => {
    await driver.close();
    await rm(scratch, { recursive: true, force: true });
    await stopLiveMcollective(setup);
  });

  describe('rpc', () => {
    it('pings the node through the bridge', async () => {
      const replies = await driver.call({ agent: 'rpcutil', action: 'ping', nodes: [NODE] });

      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ sender: NODE, statuscode: 0 });
      expect(typeof replies[0]?.data.pong).toBe('number');
    });

    it('throws McoNoResponse for an identity nobody has, after the retries', async () => {
      const started = Date.now();

      const error = await driver
        .call({ agent: 'rpcutil', action: 'ping', nodes: ['no-such-node'], timeoutSeconds: 1 })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(McoNoResponse);
      expect((error as McoNoResponse).nodes).toEqual(['no-such-node']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    });

    it('returns the answers of live nodes beside the silent ones', async () => {
      const result = await driver.rpc({
        agent: 'rpcutil',
        action: 'ping',
        nodes: [NODE, 'ghost'],
        timeoutSeconds: 1,
        retries: 0,
      });

      expect(result.replies.map((reply) => reply.sender)).toEqual([NODE]);
      expect(result.noResponse).toEqual(['ghost']);
    });

    it('rejects an unknown agent before sending anything', async () => {
      const error = await driver
        .call({ agent: 'no_such_agent', action: 'x', nodes: [NODE] })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(McoValidationFailed);
    });

    it('restarts the bridge killed in the middle of a call', async () => {
      await driver.call({ agent: 'rpcutil', action: 'ping', nodes: [NODE] });
      const pid = bridge.pid;
      const startsBefore = bridge.starts;

      const inFlight = driver
        .call({ agent: 'rpcutil', action: 'ping', nodes: ['ghost'], timeoutSeconds: 3 })
        .catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (!pid) throw new Error('the bridge should be running');
      process.kill(pid, 'SIGKILL');
      const failure = await inFlight;
      const replies = await driver.call({ agent: 'rpcutil', action: 'ping', nodes: [NODE] });

      expect(failure).toBeInstanceOf(McoBridgeDied);
      expect((failure as McoBridgeDied).retryable).toBe(true);
      expect(replies[0]?.sender).toBe(NODE);
      expect(bridge.starts).toBe(startsBefore + 1);
      expect(bridge.pid).not.toBe(pid);
    });

    it('answers pings quickly once the bridge runs', async () => {
      const samples: number[] = [];

      for (let i = 0; i < 200; i += 1) {
        const started = process.hrtime.bigint();
        await driver.call({ agent: 'rpcutil', action: 'ping', nodes: [NODE] });
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }

      samples.sort((a, b) => a - b);
      const p50 = samples[99] ?? 0;
      const p99 = samples[197] ?? 0;
      console.info(`mco bridge rpcutil ping: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
      expect(p50).toBeLessThan(100);
    });
  });

  describe('uploadfile', () => {
    const content = 'line one\n"double" and \'single\' quotes\n\ttab, ünïcode, \\backslash\n\n';

    it('writes the content intact with the asked modes', async () => {
      const path = join(scratch, 'upload', 'deep', 'file.txt');

      await uploadFile(driver, NODE, {
        path,
        content,
        permissions: '0640',
        dirPermissions: '0750',
      });

      expect(await readFile(path, 'utf8')).toBe(content);
      expect((await stat(path)).mode & 0o777).toBe(0o640);
      expect((await stat(join(scratch, 'upload', 'deep'))).mode & 0o777).toBe(0o750);
    });

    it('refuses to replace a file unless asked to overwrite', async () => {
      const path = join(scratch, 'existing.txt');
      await writeFile(path, 'old');

      const error = await uploadFile(driver, NODE, { path, content }).catch((e: unknown) => e);
      const kept = await readFile(path, 'utf8');
      await uploadFile(driver, NODE, { path, content, overwrite: true });

      expect(error).toBeInstanceOf(McoAgentFailed);
      expect((error as McoAgentFailed).statusmsg).toContain('already exists');
      expect(kept).toBe('old');
      expect(await readFile(path, 'utf8')).toBe(content);
    });

    it('refuses a missing directory when parents is false', async () => {
      const path = join(scratch, 'absent', 'file.txt');

      const error = await uploadFile(driver, NODE, { path, content, parents: false }).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(McoAgentFailed);
      expect(existsSync(join(scratch, 'absent'))).toBe(false);
    });

    it('rejects a relative path on the client side', async () => {
      const error = await uploadFile(driver, NODE, { path: 'relative.txt', content }).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(McoValidationFailed);
      expect((error as McoValidationFailed).node).toBeUndefined();
      expect((error as Error).message).toContain('path');
    });
  });

  describe('execute_shell_command', () => {
    it('returns stdout, stderr and the exit code', async () => {
      const result = await execute(driver, NODE, {
        cmd: "printf 'out\\nline'; echo oops >&2; exit 3",
      });

      expect(result).toEqual({ stdout: 'out\nline', stderr: 'oops\n', exitCode: 3 });
    });

    it('runs in the asked directory', async () => {
      const result = await execute(driver, NODE, { cmd: 'pwd', cwd: scratch });

      expect(result.stdout.trim()).toBe(scratch);
    });

    it('kills a command that outlives its timeout', async () => {
      const started = Date.now();

      const error = await execute(driver, NODE, {
        cmd: 'echo before; sleep 20',
        timeoutSeconds: 1,
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(McoAgentFailed);
      expect((error as McoAgentFailed).statusmsg).toContain('timed out');
      expect((error as McoAgentFailed).data.stdout).toBe('before\n');
      expect(Date.now() - started).toBeLessThan(8000);
    });
  });

  describe('systemtype', () => {
    const marker = join(RUNTIME, 'root', 'etc', 'nailgun_systemtype');

    it('reads the node type marker', async () => {
      await writeFile(marker, 'bootstrap\n');

      expect(await getSystemType(driver, NODE)).toBe('bootstrap');
    });

    it('fails when the marker is missing', async () => {
      await rm(marker, { force: true });

      const error = await getSystemType(driver, NODE).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(McoAgentFailed);
      expect((error as McoAgentFailed).statusmsg).toContain('nailgun_systemtype');
    });
  });

  describe('puppetsync', () => {
    it('copies modules and manifests from local directories', async () => {
      const source = join(scratch, 'sync-src');
      await mkdir(join(source, 'modules', 'hello', 'manifests'), { recursive: true });
      await mkdir(join(source, 'manifests'), { recursive: true });
      await writeFile(join(source, 'modules', 'hello', 'manifests', 'init.pp'), 'class hello {}\n');
      await writeFile(join(source, 'manifests', 'site.pp'), 'include hello\n');

      await puppetSync(driver, NODE, {
        modulesSource: `${source}/modules/`,
        manifestsSource: `${source}/manifests/`,
        modulesPath: join(scratch, 'sync-dst', 'modules'),
        manifestsPath: join(scratch, 'sync-dst', 'manifests'),
      });

      const init = join(scratch, 'sync-dst', 'modules', 'hello', 'manifests', 'init.pp');
      expect(await readFile(init, 'utf8')).toBe('class hello {}\n');
      expect(existsSync(join(scratch, 'sync-dst', 'manifests', 'site.pp'))).toBe(true);
    });

    it('fails with rsync’s message when the source is missing', async () => {
      const error = await puppetSync(driver, NODE, {
        modulesSource: join(scratch, 'nowhere/'),
        modulesPath: join(scratch, 'sync-missing'),
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(McoAgentFailed);
      expect((error as McoAgentFailed).statusmsg).toContain('rsync');
    });
  });

  describe('puppetd', () => {
    async function manifest(name: string, body: string): Promise<string> {
      const path = join(scratch, `${name}.pp`);
      await writeFile(path, body);
      return path;
    }

    it('applies a manifest in the background, with progress, until it stops', async () => {
      const out = join(scratch, 'puppet-out');
      const site = await manifest(
        'good',
        `file { '${out}-1': content => "first\\n" }
exec { 'pause': command => '/bin/sleep 2', require => File['${out}-1'] }
file { '${out}-2': content => "second\\n", require => Exec['pause'] }
`,
      );
      const percents: number[] = [];

      await puppetRunOnce(driver, NODE, { manifest: site, modules: join(scratch, 'modules') });
      const again = await puppetRunOnce(driver, NODE, { manifest: site }).catch((e: unknown) => e);
      const outcome = await waitForPuppetRun(driver, NODE, {
        pollMs: 200,
        timeoutMs: 60_000,
        onProgress: (percent) => percents.push(percent),
      });

      expect(again).toBeInstanceOf(McoAgentFailed);
      expect((again as McoAgentFailed).statusmsg).toContain('already running');
      expect(outcome.state).toBe('succeeded');
      expect(outcome.summary).toMatchObject({ status: 'stopped', exitCode: 2 });
      expect(outcome.summary.resources.failed).toBe(0);
      expect(outcome.summary.progress.percent).toBe(100);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(percents.some((percent) => percent > 0 && percent < 100)).toBe(true);
      expect(await readFile(`${out}-2`, 'utf8')).toBe('second\n');
    }, 90_000);

    it('reports a failed run with Puppet’s own message', async () => {
      const site = await manifest('bad', "exec { 'boom': command => '/bin/false' }\n");

      await puppetRunOnce(driver, NODE, { manifest: site });
      const outcome = await waitForPuppetRun(driver, NODE, { pollMs: 200, timeoutMs: 60_000 });

      expect(outcome.state).toBe('failed');
      const message = outcome.state === 'failed' ? outcome.message : '';
      expect(message).toContain('Exec[boom]');
      expect(message).toContain('returned 1 instead of one of [0]');
      expect(outcome.summary.resources.failed).toBe(1);
      expect(outcome.summary.errorMessages.join('\n')).not.toContain('Facter');
    }, 90_000);

    it('refuses a manifest that does not exist', async () => {
      const error = await puppetRunOnce(driver, NODE, {
        manifest: join(scratch, 'missing.pp'),
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(McoAgentFailed);
      expect((error as McoAgentFailed).statusmsg).toContain('does not exist');
    });

    it('stops a run, refuses new ones while disabled, and runs again once enabled', async () => {
      const slow = await manifest('slow', "exec { 'long': command => '/bin/sleep 60' }\n");
      await puppetRunOnce(driver, NODE, { manifest: slow });

      await puppetStopAndDisable(driver, NODE);
      const disabled = await puppetStatus(driver, NODE);
      const refused = await puppetRunOnce(driver, NODE, { manifest: slow }).catch(
        (e: unknown) => e,
      );
      await puppetEnable(driver, NODE);
      const enabled = await puppetStatus(driver, NODE);
      const summary = await puppetLastRunSummary(driver, NODE);

      expect(disabled).toMatchObject({ status: 'disabled', enabled: false });
      expect(refused).toBeInstanceOf(McoAgentFailed);
      expect((refused as McoAgentFailed).statusmsg).toContain('disabled');
      expect(enabled).toMatchObject({ status: 'stopped', enabled: true });
      expect(summary.exitCode).toBeNull();
    }, 60_000);
  });

  describe('erase_node', () => {
    const root = join(RUNTIME, 'root');
    const disk = join(root, 'dev', 'vdz');
    const MIB = 1024 * 1024;

    beforeAll(async () => {
      await mkdir(join(root, 'sys', 'block', 'vdz'), { recursive: true });
      await mkdir(join(root, 'dev'), { recursive: true });
      await writeFile(join(root, 'sys', 'block', 'vdz', 'size'), `${(4 * MIB) / 512}\n`);
      await writeFile(join(root, 'sys', 'block', 'vdz', 'removable'), '0\n');
    });

    async function freshDisk(): Promise<void> {
      await writeFile(disk, Buffer.alloc(4 * MIB, 0xff));
      await chmod(disk, 0o600);
      await rm(join(root, 'etc', 'nailgun-agent'), { recursive: true, force: true });
    }

    it('only reports the plan in a dry run', async () => {
      await freshDisk();

      const result = await eraseNode(driver, NODE, { reboot: true, dryRun: true });

      expect(result).toMatchObject({ erased: false, rebooted: false, devices: [disk] });
      expect((await readFile(disk)).every((byte) => byte === 0xff)).toBe(true);
      expect(existsSync(result.nodiscover)).toBe(false);
    });

    it('zeroes the start and end of each disk and writes the nodiscover marker', async () => {
      await freshDisk();

      const result = await eraseNode(driver, NODE, { reboot: false, dryRun: false });
      const bytes = await readFile(disk);

      expect(result).toMatchObject({ erased: true, rebooted: false, devices: [disk] });
      expect(bytes.subarray(0, MIB).every((byte) => byte === 0)).toBe(true);
      expect(bytes.subarray(MIB, 3 * MIB).every((byte) => byte === 0xff)).toBe(true);
      expect(bytes.subarray(3 * MIB).every((byte) => byte === 0)).toBe(true);
      expect(result.nodiscover).toBe(join(root, 'etc', 'nailgun-agent', 'nodiscover'));
      expect(existsSync(result.nodiscover)).toBe(true);
    });

    it('refuses to reboot while the config forbids it, before erasing anything', async () => {
      await freshDisk();

      const error = await eraseNode(driver, NODE, { reboot: true, dryRun: false }).catch(
        (e: unknown) => e,
      );
      const reboot = await driver
        .callOne(NODE, { agent: 'erase_node', action: 'reboot_node' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(McoAgentFailed);
      expect((error as McoAgentFailed).statusmsg).toContain('allow_reboot');
      expect((await readFile(disk)).every((byte) => byte === 0xff)).toBe(true);
      expect(reboot).toBeInstanceOf(McoAgentFailed);
    });
  });
});
