import type { Router } from '../http/route.js';

export function registerNodeRoutes(_router: Router): void {}
