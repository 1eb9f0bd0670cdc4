import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { FuelError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import { NO_CACHE_HEADERS } from './reply.js';

interface PgError {
  code: string;
  message: string;
  detail?: string;
}

/** PostgreSQL error classes that mean "bad input", not "broken server" (Nailgun: 400). */
function isPgDataError(error: unknown): error is PgError {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
}

/**
 * The one place where a failure becomes a response: typed errors keep their status and
 * message, data errors from PostgreSQL become 400 (or 409 for a unique clash), anything else
 * is a 500 whose body names the request id and whose stack goes only to the log.
 */
export function errorResponse(error: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId');
  const log = c.get('log');

  if (error instanceof FuelError) {
    log.info('request rejected', {
      status: error.status,
      error_type: error.type,
      reason: error.message,
    });
    return body(error.status, error.message, error.errors, error.plainText);
  }
  if (error instanceof HTTPException) {
    return body(error.status, error.message || 'Bad request', []);
  }
  if (isPgDataError(error)) {
    const status = error.code === '23505' ? 409 : 400;
    log.warn('database rejected request', { status, pg_code: error.code, reason: error.message });
    return body(status, error.detail ? `${error.message}: ${error.detail}` : error.message, []);
  }
  log.error('request failed', { error });
  return body(500, `Unexpected error, see the logs of request ${requestId}`, []);
}

function body(status: number, message: string, errors: unknown[], plainText = false): Response {
  return new Response(JSON.stringify({ message, errors }), {
    status,
    headers: {
      ...NO_CACHE_HEADERS,
      'Content-Type': plainText ? 'text/plain; charset=utf-8' : 'application/json',
    },
  });
}
