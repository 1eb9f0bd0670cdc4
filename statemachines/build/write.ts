/**
 * Rewrites `statemachines/*.asl.json` from the builders: `npx tsx statemachines/build/write.ts`.
 * The files are committed; a test fails when they differ from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generateAslFiles } from './files.js';

for (const file of generateAslFiles()) {
  writeFileSync(file.path, file.content);
  process.stdout.write(`wrote ${relative(process.cwd(), file.path)}\n`);
}
