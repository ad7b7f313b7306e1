import { openapiDocument } from '@runid/contract';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../errors.js';

type AddFormats = (ajv: Ajv2020) => unknown;
// ajv-formats is CommonJS; under NodeNext its function arrives as the module's `default`.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

const CONTRACT_ID = 'https://runid.dev/contract';
const TOKEN_KIND_SCHEMA: Record<string, string> = {
  deployment: 'DeploymentTokenRequest',
  environment: 'EnvironmentTokenRequest',
  oidc: 'OidcTokenRequest',
};

export type Validate = (value: unknown) => FieldError[];

/**
 * The contract's schemas, compiled once at start. Token requests are dispatched on `kind` to the
 * kind's own schema so errors name the real field instead of three `oneOf` branches.
 */
export class ContractValidator {
  readonly #ajv: Ajv2020;
  readonly #tokenRequests = new Map<string, ValidateFunction>();
  readonly #createClient: ValidateFunction;
  readonly #keyRotation: ValidateFunction;

  constructor() {
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema({
      $id: CONTRACT_ID,
      components: { schemas: openapiDocument.components.schemas },
    });
    for (const [kind, name] of Object.entries(TOKEN_KIND_SCHEMA))
      this.#tokenRequests.set(kind, this.#schema(name));
    this.#createClient = this.#schema('CreateClientRequest');
    this.#keyRotation = this.#schema('KeyRotationRequest');
  }

  #schema(name: string): ValidateFunction {
    const validate = this.#ajv.getSchema(`${CONTRACT_ID}#/components/schemas/${name}`);
    if (validate === undefined) throw new Error(`the contract has no schema ${name}`);
    return validate;
  }

  /**
   * Compiles the schema of an operation's path or query parameters (values coerced from text,
   * defaults applied; a query parameter the operation does not declare is an error).
   */
  compileParameters(
    parameters: readonly { name: string; in: string; required?: boolean; schema?: unknown }[],
    location: 'path' | 'query',
  ): Validate {
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const p of parameters) {
      if (p.in !== location) continue;
      properties[p.name] = p.schema ?? {};
      if (p.required) required.push(p.name);
    }
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      coerceTypes: true,
      useDefaults: true,
    });
    addFormats(ajv);
    ajv.addSchema({
      $id: CONTRACT_ID,
      components: { schemas: openapiDocument.components.schemas },
    });
    const validate = ajv.compile({
      $id: `${CONTRACT_ID}/${location}/${Object.keys(properties).join('-')}`,
      type: 'object',
      properties: rebase(properties),
      required,
      additionalProperties: false,
    });
    return (value) => (validate(value) ? [] : readableErrors(validate.errors));
  }

  tokenRequest(value: unknown): FieldError[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return [{ path: '', code: 'invalid_type', message: 'the body must be a JSON object' }];
    }
    const kind = (value as Record<string, unknown>).kind;
    const validate = typeof kind === 'string' ? this.#tokenRequests.get(kind) : undefined;
    if (validate === undefined) {
      return [
        kind === undefined
          ? {
              path: 'kind',
              code: 'required',
              message: 'kind is required: deployment, environment or oidc',
            }
          : {
              path: 'kind',
              code: 'not_allowed',
              message: 'kind must be deployment, environment or oidc',
            },
      ];
    }
    return validate(value) ? [] : readableErrors(validate.errors);
  }

  createClientRequest(value: unknown): FieldError[] {
    return this.#createClient(value) ? [] : readableErrors(this.#createClient.errors);
  }

  keyRotationRequest(value: unknown): FieldError[] {
    return this.#keyRotation(value) ? [] : readableErrors(this.#keyRotation.errors);
  }

  /** Validates a value against one named schema of the contract (`components.schemas.<name>`). */
  schema(name: string, value: unknown): FieldError[] {
    const validate = this.#schema(name);
    return validate(value) ? [] : readableErrors(validate.errors);
  }
}

/** `$ref`s inside parameters point at the document root; re-anchor them on the contract id. */
function rebase(value: unknown): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(value).replaceAll('"#/components/', `"${CONTRACT_ID}#/components/`),
  );
}

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

/** ajv's errors as `{ path, code, message }` a person can act on. */
export function readableErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const path = dotted(error.instancePath);
    const name = path || 'the body';
    const p = error.params as Record<string, unknown>;
    let item: FieldError;
    switch (error.keyword) {
      case 'additionalProperties': {
        const field = join(path, String(p.additionalProperty));
        item = { path: field, code: 'unknown_field', message: `${field} is not a known field` };
        break;
      }
      case 'required': {
        const field = join(path, String(p.missingProperty));
        item = { path: field, code: 'required', message: `${field} is required` };
        break;
      }
      case 'type':
        item = {
          path,
          code: 'invalid_type',
          message: `${name} must be of type ${String(p.type).replace(',', ' or ')}`,
        };
        break;
      case 'enum':
        item = {
          path,
          code: 'not_allowed',
          message: `${name} must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`,
        };
        break;
      case 'const':
        item = { path, code: 'not_allowed', message: `${name} must be ${String(p.allowedValue)}` };
        break;
      case 'pattern':
        item = { path, code: 'invalid_format', message: `${name} must match ${String(p.pattern)}` };
        break;
      case 'format':
        item = {
          path,
          code: 'invalid_format',
          message: `${name} must be a valid ${String(p.format)}`,
        };
        break;
      case 'minLength':
      case 'minItems':
        item = { path, code: 'too_short', message: `${name} ${error.message ?? 'is too short'}` };
        break;
      case 'maxLength':
      case 'maxItems':
        item = { path, code: 'too_long', message: `${name} ${error.message ?? 'is too long'}` };
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        item = {
          path,
          code: 'out_of_range',
          message: `${name} ${error.message ?? 'is out of range'}`,
        };
        break;
      case 'uniqueItems':
        item = { path, code: 'duplicate', message: `${name} must not repeat items` };
        break;
      default:
        item = { path, code: 'invalid', message: `${name} ${error.message ?? 'is invalid'}` };
    }
    const key = `${item.path}\u0000${item.code}\u0000${item.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}
