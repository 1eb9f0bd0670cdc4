import type { Router } from '../http/route.js';

export function registerAssignmentRoutes(_router: Router): void {}
