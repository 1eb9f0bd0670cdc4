import type { z } from 'zod';
import { InvalidData } from '../../core/errors.js';

/** Parses a JSON request body with Nailgun's messages for empty and unparsable input. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw new InvalidData('Empty request received');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidData('Invalid json received', { cause });
  }
}

/** Validates `data` against `schema`; a failure is a 400 naming each offending path. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = errors[0];
  const message = first
    ? `${first.path === '' ? 'body' : first.path}: ${first.message}`
    : 'Invalid data';
  throw new InvalidData(message, { errors });
}
