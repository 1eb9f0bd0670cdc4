import type { Router } from '../http/route.js';

export function registerNodeDiskRoutes(_router: Router): void {}
