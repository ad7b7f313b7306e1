import { openapiDocument } from '../generated/document.gen.js';
import type { OperationId } from '../index.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One operation of the document: where it lives and its OpenAPI object. */
export interface ContractOperation {
  readonly operationId: OperationId;
  /** Lower case, as the document spells it: `get`, `post`, … */
  readonly method: string;
  /** The path template, e.g. `/api/v1/admin/clients/{clientId}`. */
  readonly template: string;
  readonly operation: Readonly<Json>;
}

/** A path or query parameter, `$ref`s resolved. */
export interface ContractParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required?: boolean;
  readonly schema?: Readonly<Json>;
}

/** Follows `$ref`s (`#/…` pointers into the document) until a node that is not one. */
export function resolveRef(node: unknown): Json {
  let current = node as Json;
  for (let depth = 0; typeof current?.$ref === 'string' && depth < 10; depth++) {
    let target: unknown = openapiDocument;
    for (const part of (current.$ref as string).replace(/^#\//, '').split('/'))
      target = (target as Json)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    current = target as Json;
  }
  return current;
}

/** Every operation of the document, in document order. */
export const contractOperations: readonly ContractOperation[] = Object.freeze(
  Object.entries(openapiDocument.paths).flatMap(([template, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Json)[method] as Json | undefined;
      return operation === undefined
        ? []
        : [{ operationId: operation.operationId as OperationId, method, template, operation }];
    }),
  ),
);

function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

const MATCHERS = contractOperations.map((o) => ({ o, pattern: templateRegex(o.template) }));

/** The operation answering `method path` (a concrete path, e.g. `/api/v1/admin/clients/cl_1`). */
export function findOperation(method: string, path: string): ContractOperation | undefined {
  const lower = method.toLowerCase();
  return MATCHERS.find(({ o, pattern }) => o.method === lower && pattern.test(path))?.o;
}

/** The operation with this id; throws for an id the document does not have. */
export function operationById(operationId: OperationId): ContractOperation {
  const found = contractOperations.find((o) => o.operationId === operationId);
  if (found === undefined) throw new Error(`the contract has no operation ${operationId}`);
  return found;
}

/** The path and query parameters the document declares for one operation. */
export function operationParameters(operationId: OperationId): ContractParameter[] {
  const parameters = (operationById(operationId).operation.parameters ?? []) as unknown[];
  return parameters
    .map((p) => resolveRef(p) as unknown as ContractParameter)
    .filter((p) => p.in === 'path' || p.in === 'query');
}
