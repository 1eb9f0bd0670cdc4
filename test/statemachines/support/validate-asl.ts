import { createRequire } from 'node:module';

interface AslValidation {
  isValid: boolean;
  errorsText: (separator?: string) => string;
}

type AslValidator = (
  definition: object,
  options: { checkPaths: boolean; checkArn: boolean },
) => AslValidation;

// asl-validator 4 ships CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

/**
 * Validates a definition as `asl-validator --json-path <file>` does (paths and ARNs checked).
 * The validator writes `QueryLanguage` into what it checks, so it gets a copy.
 */
export function validateAsl(definition: unknown): AslValidation {
  return aslValidator(structuredClone(definition) as object, { checkPaths: true, checkArn: true });
}
