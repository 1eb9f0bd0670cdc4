#!/usr/bin/env node
// The `fuel` command: loads the TypeScript sources through tsx (a dependency of the project).
import { tsImport } from 'tsx/esm/api';

const { runProcess } = await tsImport('../process.ts', import.meta.url);
await runProcess();
