import type { Context } from 'hono';
import type { CoreContext } from '../../core/context.js';
import type { AppEnv } from '../env.js';

/** The domain context of a request: the app's dependencies with the request's logger. */
export function coreContext(c: Context<AppEnv>): CoreContext {
  return { ...c.get('deps'), logger: c.get('log') };
}
