import type { OperationId } from '@runid/contract';
import {
  type ContractValidator,
  operationParameters,
  type Validate,
} from '@runid/contract/validator';
import { type FieldError, IssuerError } from '../errors.js';

/**
 * Path and query parameters, checked before anything reaches the store: percent-decoded strictly
 * (invalid UTF-8 is refused, never replaced by U+FFFD), no NUL and no unpaired surrogate in any
 * string, then the operation's parameter schemas from the contract, then the time bounds of
 * every `date-time` parameter. Every refusal is 400 `invalid_request` naming the parameter.
 */

/** The earliest and latest instants a `date-time` parameter may name (the store's range). */
export const EARLIEST = Date.UTC(1970, 0, 1);
export const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SHOWN = 40;

/** Why a string may not reach the store, or undefined when it may. */
export function unsafeCharacters(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL';
  if (LONE_SURROGATE.test(value)) return 'must not contain an unpaired surrogate';
  return undefined;
}

/** decodeURIComponent that answers undefined for malformed escapes and invalid UTF-8. */
export function strictDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function shown(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > SHOWN ? `${printable.slice(0, SHOWN)}…` : printable;
}

function characters(path: string, reason: string): FieldError {
  return { path, code: 'invalid_characters', message: `${path} ${reason}` };
}

/** Splits and decodes a raw query string (`+` is a space); a repeated name is an error. */
export function parseQuery(search: string): {
  values: Record<string, string>;
  errors: FieldError[];
} {
  const values: Record<string, string> = Object.create(null);
  const errors: FieldError[] = [];
  if (search === '') return { values, errors };
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = (eq === -1 ? pair : pair.slice(0, eq)).replaceAll('+', ' ');
    const rawValue = (eq === -1 ? '' : pair.slice(eq + 1)).replaceAll('+', ' ');
    const name = strictDecode(rawName);
    if (name === undefined || unsafeCharacters(name) !== undefined) {
      errors.push(
        characters(
          shown(name ?? rawName),
          'is not a valid parameter name (percent-encoded UTF-8, no NUL)',
        ),
      );
      continue;
    }
    const value = strictDecode(rawValue);
    if (value === undefined) {
      errors.push(characters(shown(name), 'must be percent-encoded UTF-8'));
      continue;
    }
    const unsafe = unsafeCharacters(value);
    if (unsafe !== undefined) {
      errors.push(characters(shown(name), unsafe));
      continue;
    }
    if (Object.hasOwn(values, name)) {
      errors.push({
        path: shown(name),
        code: 'duplicate',
        message: `${shown(name)} must be given at most once`,
      });
      continue;
    }
    values[name] = value;
  }
  return { values, errors };
}

export interface CheckedParameters {
  path: Record<string, string>;
  query: Record<string, unknown>;
}

/**
 * The checker of one operation's parameters, compiled once. `rawPath` holds the router's
 * still-encoded path captures; `search` the raw query string. Throws 400 `invalid_request`.
 */
export function parameterChecker(validator: ContractValidator, operationId: OperationId) {
  const parameters = operationParameters(operationId);
  const pathNames = parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryParameters = parameters.filter((p) => p.in === 'query');
  const validatePath: Validate = validator.parameters(operationId, 'path');
  const validateQuery: Validate | undefined =
    queryParameters.length > 0 ? validator.parameters(operationId, 'query') : undefined;
  const dateTimes = parameters
    .filter((p) => p.schema?.format === 'date-time')
    .map((p) => ({ name: p.name, where: p.in }));

  return function check(rawPath: Record<string, string>, search: string): CheckedParameters {
    const errors: FieldError[] = [];
    const path: Record<string, string> = {};
    for (const name of pathNames) {
      const value = strictDecode(rawPath[name] ?? '');
      const unsafe =
        value === undefined ? 'must be percent-encoded UTF-8' : unsafeCharacters(value);
      if (unsafe !== undefined) errors.push(characters(name, unsafe));
      else if (value !== undefined) path[name] = value;
    }
    if (errors.length === 0) errors.push(...validatePath(path));

    let query: Record<string, unknown> = {};
    if (validateQuery !== undefined) {
      const parsed = parseQuery(search);
      errors.push(...parsed.errors);
      query = { ...parsed.values };
      if (parsed.errors.length === 0) errors.push(...validateQuery(query));
    }

    if (errors.length === 0) {
      for (const { name, where } of dateTimes) {
        const value = (where === 'path' ? path : query)[name];
        if (typeof value !== 'string') continue;
        const at = Date.parse(value);
        if (!Number.isFinite(at) || at < EARLIEST || at > LATEST) {
          errors.push({
            path: name,
            code: 'out_of_range',
            message: `${name} must be a time between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z`,
          });
        }
      }
    }
    if (errors.length > 0) {
      throw new IssuerError(
        'invalid_request',
        `The request's parameters do not match the contract: ${errors
          .map((e) => e.path)
          .join(', ')}; see errors.`,
        { errors },
      );
    }
    return { path, query };
  };
}
