import type { Router } from '../http/route.js';

export function registerNodeInterfaceRoutes(_router: Router): void {}
