import type { Router } from '../http/route.js';

export function registerTaskRoutes(_router: Router): void {}
