import type { Router } from '../http/route.js';

export function registerClusterAttributeRoutes(_router: Router): void {}
