import { describe, expect, it } from 'vitest';
import { openapiDocument } from '../src/index.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function resolve(value: unknown): Json {
  const ref = (value as Json).$ref;
  if (typeof ref !== 'string') return value as Json;
  const parts = ref.replace(/^#\//, '').split('/');
  let node: unknown = openapiDocument;
  for (const part of parts) node = (node as Json)[part];
  return node as Json;
}

const operations = Object.entries(openapiDocument.paths).flatMap(([path, item]) =>
  METHODS.filter((method) => method in item).map((method) => ({
    path,
    method,
    operation: item[method] as Json,
  })),
);

describe('the contract', () => {
  it('is OpenAPI 3.1', () => {
    expect(openapiDocument.openapi).toMatch(/^3\.1\./);
  });

  it('names every operation once', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(operations)(
    '$method $path answers every error with a problem document',
    ({ operation }) => {
      const responses = operation.responses as Json;
      for (const [status, raw] of Object.entries(responses)) {
        if (
          !/^[45]/.test(status) ||
          ((operation.operationId === 'getReadiness' ||
            operation.operationId === 'getDiscoveryReadiness') &&
            status === '503')
        ) {
          continue;
        }
        const response = resolve(raw);
        const content = response.content as Json | undefined;
        expect(content, `${status} has no body`).toBeDefined();
        const media = (content as Json)['application/problem+json'] as Json | undefined;
        expect(media, `${status} is not application/problem+json`).toBeDefined();
        expect((media as Json).schema).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    },
  );

  it.each(operations)(
    '$method $path documents its success answer with a schema',
    ({ operation }) => {
      const responses = operation.responses as Json;
      const success = Object.keys(responses).filter((status) => /^2/.test(status));
      expect(success.length).toBeGreaterThan(0);
      for (const status of success) {
        const content = resolve(responses[status]).content as Json;
        for (const media of Object.values(content)) {
          expect((media as Json).schema).toBeDefined();
        }
      }
    },
  );

  it.each(operations.filter(({ operation }) => Array.isArray(operation.security)))(
    '$method $path documents 401 and 403 for its keys',
    ({ operation }) => {
      const responses = operation.responses as Json;
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(['401', '403']));
    },
  );

  it('lists each error code the problem documents may carry', () => {
    const codes = (openapiDocument.components.schemas.ErrorCode as { enum: string[] }).enum;
    expect(codes).toEqual(
      expect.arrayContaining([
        'invalid_request',
        'unauthorized',
        'grant_denied',
        'store_unavailable',
      ]),
    );
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('closes every object schema it describes', () => {
    const open: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as Json;
      if (schema.type === 'object' && !('additionalProperties' in schema)) open.push(where);
      for (const [key, child] of Object.entries(schema)) visit(child, `${where}/${key}`);
    };
    visit(openapiDocument.components.schemas, '#/components/schemas');
    expect(open).toEqual([]);
  });
});
