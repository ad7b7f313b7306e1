import type { OperationId, operations } from '@runid/contract';
import type { ContractValidator, Validate } from '@runid/contract/validator';
import { type FieldError, IssuerError } from './errors.js';
import { createRunRequestCheck } from './runs/run-request-checks.js';

/** Operations whose body is checked by more than their schema alone, to name the real field. */
const OWN_CHECKS: Partial<Record<OperationId, (validator: ContractValidator) => Validate>> = {
  createRun: createRunRequestCheck,
};

/** The JSON request body the contract documents for an operation. */
export type RequestBody<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : operations[Op] extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body
    : never;

/** The one answer to a body that does not match the contract: 400 `invalid_request`. */
export function contractRefusal(errors: FieldError[]): IssuerError {
  return new IssuerError(
    'invalid_request',
    'The request does not match the contract; see errors.',
    {
      errors,
    },
  );
}

/**
 * The check of one operation's request body, compiled once: answers the body typed as the
 * contract's, or throws `contractRefusal`. The HTTP route step and the CLI use the same check.
 */
export function requestBodyCheck<Op extends OperationId>(
  validator: ContractValidator,
  operationId: Op,
): (body: unknown) => RequestBody<Op> {
  const validate = OWN_CHECKS[operationId]?.(validator) ?? validator.requestBody(operationId);
  return (body) => {
    const errors = validate(body);
    if (errors.length > 0) throw contractRefusal(errors);
    return body as RequestBody<Op>;
  };
}
