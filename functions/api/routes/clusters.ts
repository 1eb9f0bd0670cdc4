import type { Router } from '../http/route.js';

export function registerClusterRoutes(_router: Router): void {}
