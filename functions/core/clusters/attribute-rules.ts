import { InvalidData, NotAllowed } from '../errors.js';
import { environmentVersion, type ReleaseRow } from '../releases/repository.js';
import { isJsonObject, type JsonObject } from './model.js';

type ValueCheck = (value: unknown) => boolean;

const isString: ValueCheck = (v) => typeof v === 'string';
const isStringList: ValueCheck = (v) => Array.isArray(v) && v.every(isString);

/** What the value of each attribute type must be (Nailgun's ATTRIBUTE_TYPE_SCHEMAS). */
const VALUE_RULES: Record<string, { expected: string; check: ValueCheck }> = {
  checkbox: { expected: 'boolean', check: (v) => typeof v === 'boolean' },
  password: { expected: 'string', check: isString },
  textarea: { expected: 'string', check: isString },
  radio: { expected: 'string', check: isString },
  select: { expected: 'string', check: isString },
  text: { expected: 'string or null', check: (v) => v === null || isString(v) },
  text_list: { expected: 'list of strings', check: isStringList },
  textarea_list: { expected: 'list of strings', check: isStringList },
  number: {
    expected: 'non-negative integer or null',
    check: (v) => v === null || (Number.isInteger(v) && (v as number) >= 0),
  },
  custom_repo_configuration: {
    expected: 'non-empty list of objects',
    check: (v) => Array.isArray(v) && v.length > 0 && v.every(isJsonObject),
  },
  custom_hugepages: { expected: 'object', check: isJsonObject },
  hidden: { expected: 'anything', check: () => true },
  file: { expected: 'anything', check: () => true },
};

/**
 * Checks every attribute of `editable` as Nailgun's BasicAttributesValidator does: an entry
 * with a `type` or a `value` needs both, the value must suit the type, and a non-empty value
 * must match the attribute's `regex.source` (failure text: `[<attr>] <regex.error>`).
 */
export function checkEditableValues(editable: JsonObject): void {
  for (const group of Object.values(editable)) {
    if (!isJsonObject(group)) continue;
    for (const [name, attribute] of Object.entries(group)) {
      if (isJsonObject(attribute)) checkAttribute(name, attribute);
    }
  }
}

function checkAttribute(name: string, attribute: JsonObject): void {
  if (!('type' in attribute) && !('value' in attribute)) return;
  const fail = (detail: string) => new InvalidData(`[${name}] ${detail}`);
  if (!('type' in attribute)) throw fail("'type' is a required property");
  if (!('value' in attribute)) throw fail("'value' is a required property");
  const { type, value } = attribute;
  const rule = typeof type === 'string' ? VALUE_RULES[type] : undefined;
  if (!rule) throw fail(`${JSON.stringify(type)} is not a known attribute type`);
  if (!rule.check(value)) throw fail(`${JSON.stringify(value)} is not of type '${rule.expected}'`);
  const regexError = value ? regexFailure(attribute.regex, value) : undefined;
  if (regexError !== undefined) throw fail(regexError);
}

function regexFailure(regex: unknown, value: unknown): string | undefined {
  if (!isJsonObject(regex) || typeof regex.source !== 'string') return undefined;
  let pattern: RegExp;
  try {
    pattern = new RegExp(regex.source);
  } catch {
    // A pattern JavaScript cannot compile (Python-only syntax) is not the operator's fault.
    return undefined;
  }
  const error = typeof regex.error === 'string' ? regex.error : 'Invalid value';
  if (typeof value === 'string') return pattern.test(value) ? undefined : error;
  if (isStringList(value)) {
    return (value as string[]).every((item) => pattern.test(item)) ? undefined : error;
  }
  return `Value ${JSON.stringify(value)} is of invalid type, cannot check regexp`;
}

/** Environments of 7.0 and later provision from images only (Nailgun's validate_provision). */
export function checkProvisionMethod(editable: JsonObject, release: ReleaseRow): void {
  if (!versionAtLeast(environmentVersion(release), [7, 0])) return;
  const provision = editable.provision;
  if (!isJsonObject(provision)) {
    throw new InvalidData('Provisioning method is not set. Unable to continue');
  }
  const method = provision.method;
  if (!isJsonObject(method) || method.value !== 'image') {
    throw new InvalidData('Cannot use classic provisioning for adding nodes to environment');
  }
}

function versionAtLeast(version: string, minimum: [number, number]): boolean {
  const [major, minor] = version.split('.').map(Number);
  // An unparsable version is a new release: the stricter rules apply.
  if (major === undefined || Number.isNaN(major)) return true;
  if (major !== minimum[0]) return major > minimum[0];
  return (minor ?? 0) >= minimum[1];
}

/**
 * While an environment is locked, only attributes marked `always_editable` (on their group's
 * metadata or on the attribute itself) may be mentioned in a change.
 */
export function checkLockedChange(stored: JsonObject, requested: JsonObject): void {
  for (const [groupName, requestedGroup] of Object.entries(requested)) {
    const group = stored[groupName];
    const storedGroup = isJsonObject(group) ? group : {};
    const metadata = storedGroup.metadata;
    if (isJsonObject(metadata) && metadata.always_editable === true) continue;
    const names = isJsonObject(requestedGroup) ? Object.keys(requestedGroup) : [];
    const blocked = names.find((name) => {
      const attribute = storedGroup[name];
      return !(isJsonObject(attribute) && attribute.always_editable === true);
    });
    if (names.length > 0 && blocked === undefined) continue;
    const label = blocked === undefined ? groupName : `${groupName}.${blocked}`;
    throw new NotAllowed(
      `Environment attribute '${label}' couldn't be changed after or during deployment.`,
    );
  }
}
