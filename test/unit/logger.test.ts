import { describe, expect, it } from 'vitest';
import { createLogger } from '../../functions/core/logger.js';

describe('createLogger', () => {
  it('writes one JSON object per line with bound ids and fields', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) }).child({ request_id: 'r1' });

    log.info('node registered', { node_id: 7 });

    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({
      level: 'info',
      message: 'node registered',
      request_id: 'r1',
      node_id: 7,
    });
  });

  it('never writes values of secret-looking keys', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });

    log.info('login', { password: 'hunter2', token: 'f1.x.y', credential: 'fsc_1_z' });

    expect(lines[0]).not.toMatch(/hunter2|f1\.x\.y|fsc_1_z/);
  });

  it('drops entries below its level and serializes errors', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) });

    log.info('ignored');
    log.error('failed', { error: new Error('boom') });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}').error.message).toBe('boom');
  });
});
