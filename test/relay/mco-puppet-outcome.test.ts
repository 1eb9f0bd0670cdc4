import { describe, expect, it } from 'vitest';
import {
  assessPuppetRun,
  type PuppetSummary,
} from '../../agent/relay/drivers/mcollective/index.js';

function summary(overrides: Partial<PuppetSummary> = {}): PuppetSummary {
  return {
    status: 'stopped',
    resources: { failed: 0, failed_to_restart: 0, changed: 1, total: 9 },
    time: { last_run: 1_700_000_000 },
    changes: { total: 1 },
    events: { failure: 0, success: 1, total: 1 },
    version: { config: 1, puppet: '7.23.0' },
    progress: { done: 9, total: 9, percent: 100 },
    errorMessages: [],
    exitCode: 2,
    ...overrides,
  };
}

describe('assessPuppetRun', () => {
  it('reports a running run with its percent', () => {
    const outcome = assessPuppetRun(
      summary({ status: 'running', exitCode: null, progress: { done: 3, total: 9, percent: 33 } }),
    );

    expect(outcome).toEqual({ state: 'running', percent: 33 });
  });

  it('calls a stopped run without failures a success', () => {
    expect(assessPuppetRun(summary()).state).toBe('succeeded');
  });

  it('fails a run with failed resources, with Puppet’s first error line', () => {
    const outcome = assessPuppetRun(
      summary({
        resources: { failed: 1 },
        errorMessages: ["/Stage[main]/Main/Exec[x]/returns: '/bin/false' returned 1"],
        exitCode: 4,
      }),
    );

    expect(outcome).toMatchObject({
      state: 'failed',
      message: "/Stage[main]/Main/Exec[x]/returns: '/bin/false' returned 1",
    });
  });

  it('fails a run whose exit code says so even without counters', () => {
    const outcome = assessPuppetRun(summary({ resources: {}, events: {}, exitCode: 1 }));

    expect(outcome).toMatchObject({ state: 'failed' });
    expect(outcome.state === 'failed' && outcome.message).toContain('exit code 1');
  });

  it('fails a run that was stopped before it finished', () => {
    const outcome = assessPuppetRun(summary({ exitCode: null }));

    expect(outcome).toMatchObject({ state: 'failed', message: expect.stringContaining('stopped') });
  });

  it.each([
    ['idling', 'No Puppet run'],
    ['disabled', 'disabled'],
  ] as const)('fails when the agent is %s', (status, words) => {
    const outcome = assessPuppetRun(summary({ status, exitCode: null }));

    expect(outcome).toMatchObject({ state: 'failed', message: expect.stringContaining(words) });
  });
});
