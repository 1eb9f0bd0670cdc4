import { readFileSync } from 'node:fs';

/** A test ASL definition from `test/runtime/fixtures/`, parsed. */
export function loadFixture(name: string): object {
  const url = new URL(`../fixtures/${name}.asl.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as object;
}

/** What the fixtures' `${StepsFunctionArn}` stands for. */
export const SUBSTITUTIONS = {
  StepsFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fuel-steps',
};

/** Polls `check` until it holds, failing after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
