const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/**
 * A copy of `definition` with every `${Name}` in its strings replaced, as CloudFormation's
 * `DefinitionSubstitutions` does. A placeholder without a value is an error, not left as is.
 */
export function substitutePlaceholders<T>(definition: T, substitutions: Record<string, string>): T {
  const missing = new Set<string>();
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(PLACEHOLDER, (whole, name: string) => {
        const substitute = substitutions[name];
        if (substitute === undefined) missing.add(name);

        return substitute ?? whole;
      });
    }
    if (Array.isArray(value)) return value.map(replace);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    }

    return value;
  };
  const result = replace(definition) as T;
  if (missing.size > 0) {
    throw new Error(`No substitution for ${[...missing].map((n) => `\${${n}}`).join(', ')}`);
  }

  return result;
}
