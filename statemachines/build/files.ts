import { fileURLToPath } from 'node:url';
import { MACHINE_NAMES, type MachineName } from '../contracts/execution.js';
import type { JsonValue } from './asl.js';
import { buildMachine } from './machines.js';
import { renderJson } from './render.js';

/** The folder that holds the ASL files (`statemachines/`). */
export const ASL_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));

/** The path of a workflow's ASL file. */
export function aslPath(name: MachineName): string {
  return `${ASL_DIRECTORY}${name}.asl.json`;
}

export interface AslFile {
  name: MachineName;
  path: string;
  content: string;
}

/** Every ASL file as the builders make it. */
export function generateAslFiles(): AslFile[] {
  return MACHINE_NAMES.map((name) => ({
    name,
    path: aslPath(name),
    content: renderJson(buildMachine(name) as unknown as JsonValue),
  }));
}
