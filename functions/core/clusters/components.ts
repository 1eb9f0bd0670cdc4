import { InvalidData } from '../errors.js';
import type { ReleaseRow } from '../releases/repository.js';
import { isJsonObject, type JsonObject } from './model.js';

/** What the chosen components set: environment fields and a patch of editable attributes. */
export interface ComponentBinds {
  cluster: JsonObject;
  settings: JsonObject;
}

/**
 * Checks the components chosen for a new environment against the release's catalogue (each
 * known, none incompatible with another chosen one) and collects what their `bind` entries set,
 * as Nailgun's `get_cluster_attributes_by_components` does.
 */
export function applyComponents(release: ReleaseRow, names: string[]): ComponentBinds {
  const catalogue = release.components_metadata.filter(isJsonObject);
  const unknown = names.filter((name) => !catalogue.some((c) => c.name === name));
  if (unknown.length > 0) {
    const list = [...new Set(unknown)].sort().map((name) => `'${name}'`);
    throw new InvalidData(`[${list.join(', ')}] components are not related to used release.`);
  }
  const chosen = catalogue.filter((c) => names.includes(String(c.name)));
  for (const component of chosen) checkIncompatible(component, names);

  const binds: ComponentBinds = { cluster: {}, settings: {} };
  for (const component of chosen) {
    for (const bind of Array.isArray(component.bind) ? component.bind : []) applyBind(binds, bind);
  }
  return binds;
}

function checkIncompatible(component: JsonObject, names: string[]): void {
  const rules = Array.isArray(component.incompatible) ? component.incompatible : [];
  for (const rule of rules) {
    if (!isJsonObject(rule) || typeof rule.name !== 'string') continue;
    const pattern = wildcard(rule.name);
    const clashing = names.filter((name) => name !== component.name && pattern.test(name));
    if (clashing.length > 0) {
      const list = clashing.map((name) => `'${name}'`).join(', ');
      throw new InvalidData(
        `Incompatible components were found: '${String(component.name)}' incompatible with [${list}].`,
      );
    }
  }
}

/** Component names in rules may end in `*` ("storage:block:*"), as shell patterns. */
function wildcard(name: string): RegExp {
  const escaped = name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function applyBind(binds: ComponentBinds, bind: unknown): void {
  const [expression, value] = Array.isArray(bind) ? bind : [bind, true];
  if (typeof expression !== 'string') return;
  const [model, path] = expression.split(':');
  if ((model !== 'cluster' && model !== 'settings') || !path) return;
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) return;
  let target = binds[model];
  for (const key of keys) {
    const next = target[key];
    target[key] = isJsonObject(next) ? next : {};
    target = target[key] as JsonObject;
  }
  target[last] = value;
}
