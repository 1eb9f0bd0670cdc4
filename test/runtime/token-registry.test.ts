import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenRegistry } from '../../infra/local/queue/token-registry.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TokenRegistry', () => {
  const tokens = new TokenRegistry();

  it('resolves a token with a copy of the output it succeeds with', async () => {
    const token = randomUUID();
    const waiting = tokens.register(token);
    const output = { status: 'done', data: { uid: '7' } };

    tokens.succeed(token, output);
    output.status = 'changed';

    await expect(waiting).resolves.toEqual({ status: 'done', data: { uid: '7' } });
  });

  it('rejects a failed token with the error as name and the cause as message', async () => {
    const token = randomUUID();
    const waiting = tokens.register(token);

    tokens.fail(token, 'Relay.PuppetFailed', '{"message":"puppet exited 1"}');

    await expect(waiting).rejects.toMatchObject({
      name: 'Relay.PuppetFailed',
      message: '{"message":"puppet exited 1"}',
    });
  });

  it('answers TaskTimedOut to a token answered before', async () => {
    const token = randomUUID();
    const waiting = tokens.register(token);
    tokens.succeed(token, {});
    await waiting;

    expect(() => tokens.succeed(token, {})).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
    expect(() => tokens.fail(token, 'E', 'c')).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
    expect(() => tokens.heartbeat(token)).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  it('answers InvalidToken to a token it never gave', () => {
    expect(() => tokens.succeed('no-such-token', {})).toThrow(
      expect.objectContaining({ name: 'InvalidToken' }),
    );
  });

  it('keeps a token alive while heartbeats come in time', async () => {
    const token = randomUUID();
    const waiting = tokens.register(token, { heartbeatSeconds: 0.3 });

    for (let i = 0; i < 5; i += 1) {
      await sleep(100);
      tokens.heartbeat(token);
    }
    tokens.succeed(token, { status: 'done' });

    await expect(waiting).resolves.toEqual({ status: 'done' });
  });

  it('fails a token with States.HeartbeatTimeout when no heartbeat comes in time', async () => {
    const token = randomUUID();
    const waiting = tokens.register(token, { heartbeatSeconds: 0.05 });

    await expect(waiting).rejects.toMatchObject({ name: 'States.HeartbeatTimeout' });
    expect(() => tokens.heartbeat(token)).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  it('fails a token with States.Timeout after its timeout, heartbeats or not', async () => {
    const token = randomUUID();
    const waiting = tokens.register(token, { heartbeatSeconds: 1, timeoutSeconds: 0.1 });
    const beating = setInterval(() => tokens.heartbeat(token), 20);

    await expect(waiting).rejects.toMatchObject({ name: 'States.Timeout' });
    clearInterval(beating);
    expect(() => tokens.succeed(token, {})).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  it('closes the tokens of one group only', async () => {
    const mine = tokens.register(randomUUID(), { group: 'execution-a' });
    const theirs = randomUUID();
    const other = tokens.register(theirs, { group: 'execution-b' });

    const closed = tokens.closeGroup('execution-a', new Error('stopped'));

    expect(closed).toBe(1);
    await expect(mine).rejects.toThrow('stopped');
    expect(tokens.pendingCount('execution-b')).toBe(1);
    tokens.succeed(theirs, {});
    await expect(other).resolves.toEqual({});
  });

  it('refuses an output that is not JSON or too large, and keeps the token open', async () => {
    const token = randomUUID();
    const waiting = tokens.register(token);

    expect(() => tokens.succeed(token, { n: 1n })).toThrow(
      expect.objectContaining({ name: 'InvalidOutput' }),
    );
    expect(() => tokens.succeed(token, { big: 'x'.repeat(262_144) })).toThrow(
      expect.objectContaining({ name: 'InvalidOutput' }),
    );
    tokens.succeed(token, { ok: true });
    await expect(waiting).resolves.toEqual({ ok: true });
  });

  it('refuses to register a token twice', () => {
    const token = randomUUID();
    void tokens.register(token);

    expect(() => tokens.register(token)).toThrow(expect.objectContaining({ name: 'InvalidToken' }));
    tokens.succeed(token, {});
  });
});
