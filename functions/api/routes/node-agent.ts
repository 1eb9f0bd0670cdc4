import type { Router } from '../http/route.js';

export function registerNodeAgentRoutes(_router: Router): void {}
