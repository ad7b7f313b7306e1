import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openapiDocument } from '../generated/document.gen.js';
import type { OperationId } from '../index.js';
import {
  type ContractOperation,
  contractOperations,
  findOperation,
  operationById,
  operationParameters,
  resolveRef,
} from './operations.js';
import { type FieldError, readableErrors, type Validate } from './readable-errors.js';
import { withoutValueKeywords } from './shape.js';

type Json = Record<string, unknown>;
type AddFormats = (ajv: Ajv2020) => unknown;
// ajv-formats is CommonJS; under NodeNext its function arrives as the module's `default`.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

const CONTRACT_ID = 'https://runid.dev/contract';

export interface RequestBodyOptions {
  /**
   * `false`: check the body's shape only (required and unknown fields, types, enums, consts) and
   * leave the value keywords (patterns, formats, lengths, ranges, unique items) to a later owner,
   * e.g. `@runid/claims` for token requests. Default `true`.
   */
  values?: boolean;
}

/** One answer, as the contract checks it. `header` answers null for an absent header. */
export interface ContractAnswer {
  operationId: OperationId;
  status: number;
  /** The media type, without parameters (`application/json`), or undefined when absent. */
  mediaType: string | undefined;
  body: string;
  header: (name: string) => string | null;
}

function newAjv(options: { coerce?: boolean; values?: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateFormats: true,
    ...(options.coerce && { coerceTypes: true, useDefaults: true }),
  });
  addFormats(ajv);
  const components = openapiDocument.components;
  ajv.addSchema({
    $id: CONTRACT_ID,
    components: options.values === false ? withoutValueKeywords(components) : components,
  });
  return ajv;
}

/** Local `#/components/…` refs re-anchored on the registered document. */
function rebase(schema: unknown): Json {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${CONTRACT_ID}#/`),
  ) as Json;
}

function listed(values: readonly string[]): string {
  return values.length < 2
    ? values.join('')
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/**
 * The contract's JSON Schemas compiled by ajv (2020-12, formats checked), with errors as
 * `{ path, code, message }`. One validator for the issuer's request checks and for the tests'
 * answer checks. Schemas compile on first use and are cached.
 */
export class ContractValidator {
  readonly #ajv = newAjv({});
  #shapeAjv: Ajv2020 | undefined;
  #coercingAjv: Ajv2020 | undefined;
  readonly #compiled = new Map<string, ValidateFunction>();

  /** Every operation of the document. */
  readonly operations: readonly ContractOperation[] = contractOperations;

  #shape(): Ajv2020 {
    if (this.#shapeAjv === undefined) this.#shapeAjv = newAjv({ values: false });
    return this.#shapeAjv;
  }

  #coercing(): Ajv2020 {
    if (this.#coercingAjv === undefined) this.#coercingAjv = newAjv({ coerce: true });
    return this.#coercingAjv;
  }

  #compile(ajv: Ajv2020, key: string, schema: () => unknown): ValidateFunction {
    let validate = this.#compiled.get(key);
    if (validate === undefined) {
      validate = ajv.compile(rebase(schema()));
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  /** A check of one named schema of the document (`components.schemas.<name>`). */
  component(name: string): Validate {
    if (openapiDocument.components.schemas[name] === undefined)
      throw new Error(`the contract has no schema ${name}`);
    return this.schema({ $ref: `#/components/schemas/${name}` });
  }

  /** A check of any schema written against the document (its `$ref`s point into it). */
  schema(schema: unknown): Validate {
    const validate = this.#compile(this.#ajv, `schema ${JSON.stringify(schema)}`, () => schema);
    return (value) => (validate(value) ? [] : readableErrors(validate.errors));
  }

  /**
   * The check of an operation's JSON request body. A schema with a `discriminator` is dispatched
   * on its property to the one mapped schema, so errors name the real field rather than every
   * `oneOf` branch.
   */
  requestBody(operationId: OperationId, options: RequestBodyOptions = {}): Validate {
    const body = resolveRef(operationById(operationId).operation.requestBody);
    const media = (body?.content as Json | undefined)?.['application/json'] as Json | undefined;
    if (media?.schema === undefined)
      throw new Error(`the contract documents no JSON body for ${operationId}`);
    return this.#body(media.schema, options);
  }

  /**
   * The check of one named schema as a request body, like {@link requestBody}: the `values`
   * option, and a `discriminator` dispatched to its mapped schema. For an operation whose body is
   * a choice the caller makes by other means (`mintToken`: by the credential).
   */
  componentBody(name: string, options: RequestBodyOptions = {}): Validate {
    if (openapiDocument.components.schemas[name] === undefined)
      throw new Error(`the contract has no schema ${name}`);
    return this.#body({ $ref: `#/components/schemas/${name}` }, options);
  }

  #body(schema: unknown, options: RequestBodyOptions): Validate {
    const values = options.values !== false;
    const ajv = values ? this.#ajv : this.#shape();
    const compile = (schema: unknown) =>
      this.#compile(ajv, `${values ? 'body' : 'shape'} ${JSON.stringify(schema)}`, () =>
        values ? schema : withoutValueKeywords(schema),
      );
    const target = resolveRef(schema);
    const discriminator = target.discriminator as
      | { propertyName: string; mapping: Record<string, string> }
      | undefined;
    if (discriminator === undefined) {
      const validate = compile(schema);
      return (value) => (validate(value) ? [] : readableErrors(validate.errors));
    }
    const { propertyName: property, mapping } = discriminator;
    const branches = new Map(
      Object.entries(mapping).map(([k, ref]) => [k, compile({ $ref: ref })]),
    );
    const choices = listed(Object.keys(mapping));
    return (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [{ path: '', code: 'invalid_type', message: 'the body must be a JSON object' }];
      }
      const chosen = (value as Json)[property];
      const validate = typeof chosen === 'string' ? branches.get(chosen) : undefined;
      if (validate === undefined) {
        return [
          chosen === undefined
            ? { path: property, code: 'required', message: `${property} is required: ${choices}` }
            : { path: property, code: 'not_allowed', message: `${property} must be ${choices}` },
        ];
      }
      return validate(value) ? [] : readableErrors(validate.errors);
    };
  }

  /**
   * The check of an operation's path or query parameters: values coerced from text, defaults
   * applied in place; a query parameter the operation does not declare is an error.
   */
  parameters(operationId: OperationId, location: 'path' | 'query'): Validate {
    const properties: Json = {};
    const required: string[] = [];
    for (const p of operationParameters(operationId)) {
      if (p.in !== location) continue;
      properties[p.name] = p.schema ?? {};
      if (p.required) required.push(p.name);
    }
    const ajv = this.#coercing();
    const validate = this.#compile(ajv, `${location} ${operationId}`, () => ({
      type: 'object',
      properties,
      required,
      additionalProperties: false,
    }));
    return (value) => (validate(value) ? [] : readableErrors(validate.errors));
  }

  /**
   * What is wrong with one answer of an operation, as sentences (none when it is documented):
   * the status must be documented, the content type must be one it documents (or none when it
   * documents no body), the body must match the schema, and every documented header that is
   * present must match its schema.
   */
  checkAnswer(answer: ContractAnswer): string[] {
    const { operationId, status, mediaType, body } = answer;
    const responses = operationById(operationId).operation.responses as Json;
    const declared = responses[String(status)] ?? responses.default;
    if (declared === undefined) return [`status ${status} is not documented for ${operationId}`];
    const response = resolveRef(declared);
    const problems: string[] = [];
    const content = response.content as Record<string, Json> | undefined;
    if (content === undefined) {
      if (body !== '') problems.push(`documented without a body, got ${body.length} bytes`);
    } else if (mediaType === undefined || content[mediaType] === undefined) {
      problems.push(
        `content type ${mediaType ?? '(none)'} is not one of ${Object.keys(content).join(', ')}`,
      );
    } else if (mediaType === 'application/x-ndjson') {
      // One JSON value per line, each checked against the schema (the line's).
      const check = this.schema((content[mediaType] as Json).schema);
      for (const [index, line] of body.split('\n').entries()) {
        if (line === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          problems.push(`line ${index + 1} is not JSON`);
          continue;
        }
        const errors = check(value);
        if (errors.length > 0)
          problems.push(
            `line ${index + 1} breaks the schema: ${errors.map((e) => e.message).join('; ')}`,
          );
      }
    } else {
      let value: unknown = body;
      let parsed = true;
      if (mediaType.endsWith('json')) {
        try {
          value = JSON.parse(body);
        } catch {
          parsed = false;
          problems.push('body is not JSON');
        }
      }
      if (parsed) {
        const errors = this.schema((content[mediaType] as Json).schema)(value);
        if (errors.length > 0)
          problems.push(`body breaks the schema: ${errors.map((e) => e.message).join('; ')}`);
      }
    }
    for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
      const raw = answer.header(name);
      if (raw === null) continue;
      const schema = (resolveRef(header).schema ?? {}) as Json;
      const value = schema.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      if (this.schema(schema)(value).length > 0)
        problems.push(`header ${name}: ${raw} breaks ${JSON.stringify(schema)}`);
    }
    return problems;
  }

  /** The operation answering `method path`, or undefined. */
  findOperation(method: string, path: string): ContractOperation | undefined {
    return findOperation(method, path);
  }
}

export type { FieldError, Validate };
