/**
 * The item methods of Cobbler's XML-RPC API as the provisioning flow uses them: lookups that
 * answer `"~"` for a missing object, handles, `new_item`/`modify_item`/`save_item`,
 * `remove_item`, `find_*` and `disable_netboot`. Writes need a token from `login`.
 */
import type { SimContext } from './context.js';
import { attributeContext } from './context.js';
import { pyError } from './faults.js';
import { deleteInterface, modifyInterfaces, renameInterface } from './interface-attributes.js';
import { inputBoolean, isPyDict, type PyDict } from './python-values.js';
import { type MethodSpec, method } from './signature.js';
import { setSystemAttribute } from './system-attributes.js';
import { type SimSystem, systemToStruct } from './system-record.js';

/** The read-only item methods (no token needed), by name. */
export function itemReadMethods(context: SimContext): Record<string, MethodSpec> {
  const { store } = context;
  const getItem = (what: unknown, name: unknown) => toStruct(store.get(what, name));
  const getItems = (what: string) => store.names(what).map((name) => getItem(what, name));
  const find = (what: unknown, criteria: unknown, expand: unknown, byDefault: boolean) => {
    const matches = store.find(what, isPyDict(criteria) ? criteria : {});
    const structs = expand === undefined ? byDefault : inputBoolean(expand);
    return matches.map(([name, system]) => (structs ? systemToStruct(system) : name));
  };

  return {
    get_item: method('what name flatten= resolved=', ([what, name]) => getItem(what, name)),
    get_system: method('name flatten= resolved= token=', ([name]) => getItem('system', name)),
    get_profile: method('name flatten= resolved= token=', ([name]) => getItem('profile', name)),
    get_systems: method('page= results_per_page= token=', () => getItems('system')),
    get_profiles: method('page= results_per_page= token=', () => getItems('profile')),
    get_item_names: method('what', ([what]) => store.names(what)),
    has_item: method('what name token=', ([what, name]) => store.get(what, name) !== undefined),
    find_items: method('what criteria= sort_field= expand=', ([what, criteria, , expand]) =>
      find(what, criteria, expand, true),
    ),
    find_system: method('criteria= expand= token=', ([criteria, expand]) =>
      find('system', criteria, expand, false),
    ),
    find_profile: method('criteria= expand= token=', ([criteria, expand]) =>
      find('profile', criteria, expand, false),
    ),
    get_item_handle: method('what name token=', ([what, name]) => store.handleOf(what, name)),
    get_system_handle: method('name token', ([name]) => store.handleOf('system', name)),
    disable_netboot: method('name token=', ([name]) => disableNetboot(context, name)),
  };
}

/** The item methods that change objects (token needed), by name. */
export function itemWriteMethods(context: SimContext): Record<string, MethodSpec> {
  const { store, tokens } = context;
  const create = (what: unknown, token: unknown) => {
    tokens.userOf(token);
    return store.create(what);
  };
  const modify = (handle: unknown, attribute: unknown, value: unknown, token: unknown) =>
    modifyItem(context, { handle, attribute, value, token });
  const save = (handle: unknown, token: unknown, editmode: unknown) => {
    store.resolve(handle);
    tokens.userOf(token);
    store.save(handle, editmode ?? 'bypass');
    return true;
  };
  const remove = (what: unknown, name: unknown, token: unknown) => {
    tokens.userOf(token);
    return store.remove(what, name);
  };

  return {
    new_item: method('what token is_subobject=', ([what, token]) => create(what, token)),
    new_system: method('token', ([token]) => create('system', token)),
    modify_item: method('what object_id attribute arg token', ([, id, field, value, token]) =>
      modify(id, field, value, token),
    ),
    modify_system: method('object_id attribute arg token', ([id, field, value, token]) =>
      modify(id, field, value, token),
    ),
    save_item: method('what object_id token editmode=', ([, id, token, mode]) =>
      save(id, token, mode),
    ),
    save_system: method('object_id token editmode=', ([id, token, mode]) => save(id, token, mode)),
    remove_item: method('what name token recursive=', ([what, name, token]) =>
      remove(what, name, token),
    ),
    remove_system: method('name token recursive=', ([name, token]) =>
      remove('system', name, token),
    ),
  };
}

interface ModifyCall {
  handle: unknown;
  attribute: unknown;
  value: unknown;
  token: unknown;
}

/** `modify_item`: resolves the object first, then checks the token, as Cobbler does. */
function modifyItem(context: SimContext, call: ModifyCall): boolean {
  const system = context.store.resolve(call.handle);
  context.tokens.userOf(call.token);
  if (typeof call.attribute !== 'string') return false;
  if (call.attribute === 'modify_interface') {
    if (system === undefined) {
      throw pyError('AttributeError', "'NoneType' object has no attribute 'modify_interface'");
    }
    if (!isPyDict(call.value)) {
      throw pyError('AttributeError', "'str' object has no attribute 'items'");
    }
    modifyInterfaces(system, call.value, (field, value) => context.store.ownersOf(field, value));
    return true;
  }
  if (call.attribute === 'delete_interface' && system !== undefined) {
    deleteInterface(system, call.value);
    return true;
  }
  if (call.attribute === 'rename_interface' && system !== undefined) {
    renameInterface(system, call.value);
    return true;
  }
  if (system === undefined) return false;
  return setSystemAttribute(system, call.attribute, call.value, attributeContext(context));
}

function disableNetboot(context: SimContext, name: unknown): boolean {
  const system = typeof name === 'string' ? context.store.systems.get(name) : undefined;
  if (system === undefined) return false;
  system.fields.netboot_enabled = false;
  return true;
}

function toStruct(found: SimSystem | PyDict | undefined): unknown {
  if (found === undefined) return '~';
  if ('fields' in found && found.interfaces instanceof Map) {
    return systemToStruct(found as SimSystem);
  }
  return { ...found };
}
