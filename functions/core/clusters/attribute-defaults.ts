import type { ReleaseRow } from '../releases/repository.js';
import { generateValues, type PlaceholderContext } from './generators.js';
import { isJsonObject, type JsonObject } from './model.js';

/** The parts of an environment its attribute placeholders may name. */
export interface PlaceholderSource {
  id: number;
  name: string;
}

function placeholders(cluster: PlaceholderSource, release: ReleaseRow): PlaceholderContext {
  return {
    'cluster.id': cluster.id,
    'cluster.name': cluster.name,
    'cluster.release.version': release.version,
  };
}

function section(release: ReleaseRow, key: 'editable' | 'generated'): JsonObject {
  const metadata: unknown = release.attributes_metadata;
  const value = isJsonObject(metadata) ? metadata[key] : undefined;
  return isJsonObject(value) ? value : {};
}

/** The release's editable attributes with generated values: an environment's defaults. */
export function defaultEditable(cluster: PlaceholderSource, release: ReleaseRow): JsonObject {
  return generateValues(section(release, 'editable'), placeholders(cluster, release)) as JsonObject;
}

/** The release's generated attributes with their values made: passwords, keys, ids. */
export function defaultGenerated(cluster: PlaceholderSource, release: ReleaseRow): JsonObject {
  return generateValues(
    section(release, 'generated'),
    placeholders(cluster, release),
  ) as JsonObject;
}
