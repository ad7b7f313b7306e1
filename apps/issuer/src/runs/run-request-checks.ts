import { openapiDocument } from '@runid/contract';
import type { ContractValidator, FieldError, Validate } from '@runid/contract/validator';

const KINDS = ['deployment', 'environment', 'oidc'] as const;

/**
 * The contract's checks of the run bodies. `CreateRunRequest` is checked with the schema of its
 * identity's kind (like token requests), so errors name the real field instead of three `oneOf`
 * branches.
 */
export class RunRequestChecks {
  readonly #createRun: Map<string, Validate>;
  readonly #finishRun: Validate;

  constructor(validator: ContractValidator) {
    const envelope = openapiDocument.components.schemas.CreateRunRequest as {
      properties: Record<string, unknown>;
    };
    this.#createRun = new Map(
      KINDS.map((kind) => [
        kind,
        validator.schema({
          ...envelope,
          properties: {
            ...envelope.properties,
            identity: {
              $ref: `#/components/schemas/${kind[0]?.toUpperCase()}${kind.slice(1)}RunIdentity`,
            },
          },
        }),
      ]),
    );
    this.#finishRun = validator.requestBody('finishRun');
  }

  createRunRequest(value: unknown): FieldError[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return [{ path: '', code: 'invalid_type', message: 'the body must be a JSON object' }];
    }
    const identity = (value as Record<string, unknown>).identity;
    const kind =
      typeof identity === 'object' && identity !== null
        ? (identity as Record<string, unknown>).kind
        : undefined;
    const validate = typeof kind === 'string' ? this.#createRun.get(kind) : undefined;
    if (validate === undefined) {
      return [
        {
          path: identity === undefined ? 'identity' : 'identity.kind',
          code: identity === undefined ? 'required' : 'not_allowed',
          message: 'identity.kind must be deployment, environment or oidc',
        },
      ];
    }
    return validate(value);
  }

  finishRunRequest(value: unknown): FieldError[] {
    return this.#finishRun(value);
  }
}
