import type { ErrorObject } from 'ajv/dist/2020.js';

/** One wrong field of a request or answer: the problem document's `errors[]` item. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** A compiled check: the value's problems, none when it is valid. */
export type Validate = (value: unknown) => FieldError[];

function dotted(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
      '',
    );
}

function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

/** ajv's errors as `{ path, code, message }` a person can act on, each said once. */
export function readableErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const item = readable(error);
    const key = `${item.path}\u0000${item.code}\u0000${item.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

function readable(error: ErrorObject): FieldError {
  const path = dotted(error.instancePath);
  const name = path || 'the body';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = join(path, String(p.additionalProperty));
      return { path: field, code: 'unknown_field', message: `${field} is not a known field` };
    }
    case 'required': {
      const field = join(path, String(p.missingProperty));
      return { path: field, code: 'required', message: `${field} is required` };
    }
    case 'type':
      return {
        path,
        code: 'invalid_type',
        message: `${name} must be of type ${String(p.type).replace(',', ' or ')}`,
      };
    case 'enum':
      return {
        path,
        code: 'not_allowed',
        message: `${name} must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'const':
      return { path, code: 'not_allowed', message: `${name} must be ${String(p.allowedValue)}` };
    case 'pattern':
      return { path, code: 'invalid_format', message: `${name} must match ${String(p.pattern)}` };
    case 'format':
      return {
        path,
        code: 'invalid_format',
        message: `${name} must be a valid ${String(p.format)}`,
      };
    case 'minLength':
    case 'minItems':
      return { path, code: 'too_short', message: `${name} ${error.message ?? 'is too short'}` };
    case 'maxLength':
    case 'maxItems':
      return { path, code: 'too_long', message: `${name} ${error.message ?? 'is too long'}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path,
        code: 'out_of_range',
        message: `${name} ${error.message ?? 'is out of range'}`,
      };
    case 'uniqueItems':
      return { path, code: 'duplicate', message: `${name} must not repeat items` };
    default:
      return { path, code: 'invalid', message: `${name} ${error.message ?? 'is invalid'}` };
  }
}
