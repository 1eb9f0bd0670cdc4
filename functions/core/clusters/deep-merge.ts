import { isJsonObject, type JsonObject } from './model.js';

/**
 * Nailgun's `dict_merge`: objects merge key by key, at any depth; anything else in `patch`
 * (a list, a scalar, null) replaces what `base` holds. Neither argument is modified.
 */
export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] = isJsonObject(current) && isJsonObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}
