import { UnsupportedMediaType } from '../../core/errors.js';

export type ResponseFormat = 'json' | 'yaml';

/**
 * Nailgun looks only at the first media type of Accept (parameters dropped): JSON by default,
 * YAML on request, 415 for anything else.
 */
export function negotiateFormat(accept: string | undefined): ResponseFormat {
  if (!accept || accept.trim() === '') return 'json';
  const first = accept.split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
  // EventSource clients ask for text/event-stream; the events route streams it, errors are JSON.
  if (['', 'application/json', '*/*', 'text/event-stream'].includes(first)) return 'json';
  if (first === 'application/x-yaml' || first === 'application/yaml') return 'yaml';
  throw new UnsupportedMediaType(`Requested content type "${first}" is not supported`);
}
