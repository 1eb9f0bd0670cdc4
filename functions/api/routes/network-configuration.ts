import type { Router } from '../http/route.js';

export function registerNetworkConfigurationRoutes(_router: Router): void {}
