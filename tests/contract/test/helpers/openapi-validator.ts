import { openapiDocument } from '@runid/contract';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Exchange } from './recorder.js';

type Json = Record<string, unknown>;

const DOC_ID = 'https://runid.dev/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface OperationRef {
  operationId: string;
  method: string;
  template: string;
  operation: Json;
}

export interface Checked {
  operationId: string | undefined;
  status: number;
  problems: string[];
}

// ajv-formats is CJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * Validates exchanges against the OpenAPI document: the operation must exist, the status must be
 * documented for it, the content type must be one it documents (or none when it documents none),
 * the body must match the JSON Schema (2020-12, compiled by ajv from the document itself), and
 * each documented header that is present must match its schema.
 */
export function createOpenApiValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC_ID, components: openapiDocument.components } as Json);
  const compiled = new Map<string, ValidateFunction>();

  function validatorFor(schema: Json, key: string): ValidateFunction {
    let fn = compiled.get(key);
    if (fn === undefined) {
      fn = ajv.compile(rebase(schema) as Json);
      compiled.set(key, fn);
    }
    return fn;
  }

  const operations: OperationRef[] = [];
  for (const [template, item] of Object.entries(openapiDocument.paths)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (operation) {
        operations.push({
          operationId: String(operation.operationId),
          method,
          template,
          operation,
        });
      }
    }
  }

  function findOperation(method: string, path: string): OperationRef | undefined {
    return operations.find(
      (o) => o.method === method.toLowerCase() && templateRegex(o.template).test(path),
    );
  }

  function check(exchange: Exchange): Checked {
    const problems: string[] = [];
    const where = `${exchange.method} ${exchange.url.pathname}${exchange.url.search} → ${exchange.status}`;
    const op = findOperation(exchange.method, exchange.url.pathname);
    if (op === undefined) {
      return {
        operationId: undefined,
        status: exchange.status,
        problems: [`${where}: no such operation in the document`],
      };
    }
    const responses = op.operation.responses as Json;
    const declared = (responses[String(exchange.status)] ?? responses.default) as Json | undefined;
    if (declared === undefined) {
      problems.push(`${where}: status ${exchange.status} is not documented for ${op.operationId}`);
      return { operationId: op.operationId, status: exchange.status, problems };
    }
    const response = resolve(declared);
    const content = response.content as Record<string, Json> | undefined;
    const mediaType = exchange.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (content === undefined) {
      if (exchange.body !== '')
        problems.push(`${where}: documented without a body, got ${exchange.body.length} bytes`);
    } else if (mediaType === undefined || content[mediaType] === undefined) {
      problems.push(
        `${where}: content type ${mediaType ?? '(none)'} is not one of ${Object.keys(content).join(', ')}`,
      );
    } else {
      const schema = (content[mediaType] as Json).schema as Json;
      let value: unknown = exchange.body;
      if (mediaType.endsWith('json')) {
        try {
          value = JSON.parse(exchange.body);
        } catch {
          problems.push(`${where}: body is not JSON`);
        }
      }
      const validate = validatorFor(schema, `${op.operationId} ${exchange.status} ${mediaType}`);
      if (!validate(value)) {
        problems.push(`${where}: body breaks the schema: ${ajv.errorsText(validate.errors)}`);
      }
    }
    for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
      const raw = exchange.headers.get(name);
      if (raw === null) continue;
      const schema = (resolve(header as Json).schema ?? {}) as Json;
      const value = schema.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      const validate = validatorFor(schema, `header ${JSON.stringify(schema)}`);
      if (!validate(value))
        problems.push(`${where}: header ${name}: ${raw} breaks ${JSON.stringify(schema)}`);
    }
    return { operationId: op.operationId, status: exchange.status, problems };
  }

  return { check, operations, findOperation };
}

function resolve(node: Json): Json {
  let current = node;
  for (let depth = 0; typeof current.$ref === 'string' && depth < 10; depth++) {
    const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
    let target: unknown = openapiDocument;
    for (const part of pointer)
      target = (target as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    current = target as Json;
  }
  return current;
}

/** Local `#/components/...` refs point into the registered document. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) =>
      k === '$ref' && typeof v === 'string' && v.startsWith('#/')
        ? [k, `${DOC_ID}${v}`]
        : [k, rebase(v)],
    ),
  );
}

function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}
