import { type ContractOperation, ContractValidator } from '@runid/contract/validator';
import type { Exchange } from './recorder.js';

export type OperationRef = ContractOperation;

export interface Checked {
  operationId: string | undefined;
  status: number;
  problems: string[];
}

/**
 * Checks recorded exchanges against the OpenAPI document with the contract's own validator (the
 * one the issuer checks requests with): the operation must exist, and the answer must be one it
 * documents (status, content type, body schema, documented headers).
 */
export function createOpenApiValidator() {
  const validator = new ContractValidator();

  function check(exchange: Exchange): Checked {
    const where = `${exchange.method} ${exchange.url.pathname}${exchange.url.search} → ${exchange.status}`;
    const op = validator.findOperation(exchange.method, exchange.url.pathname);
    if (op === undefined) {
      return {
        operationId: undefined,
        status: exchange.status,
        problems: [`${where}: no such operation in the document`],
      };
    }
    const problems = validator.checkAnswer({
      operationId: op.operationId,
      status: exchange.status,
      mediaType: exchange.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase(),
      body: exchange.body,
      header: (name) => exchange.headers.get(name),
    });
    return {
      operationId: op.operationId,
      status: exchange.status,
      problems: problems.map((problem) => `${where}: ${problem}`),
    };
  }

  return {
    check,
    operations: validator.operations,
    findOperation: (method: string, path: string) => validator.findOperation(method, path),
  };
}
