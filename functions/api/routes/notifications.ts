import type { Router } from '../http/route.js';

export function registerNotificationRoutes(_router: Router): void {}
