import { openapiDocument } from '@runid/contract';
import type { ContractValidator, FieldError, Validate } from '@runid/contract/validator';

const KINDS = ['deployment', 'environment', 'oidc'] as const;

/**
 * The contract's check of `CreateRunRequest`, with the schema of its identity's kind (like token
 * requests), so errors name the real field instead of three `oneOf` branches. The `createRun`
 * route's body step uses it (`request-body.ts`).
 */
export function createRunRequestCheck(validator: ContractValidator): Validate {
  const envelope = openapiDocument.components.schemas.CreateRunRequest as {
    properties: Record<string, unknown>;
  };
  const byKind = new Map(
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
  return (value: unknown): FieldError[] => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return [{ path: '', code: 'invalid_type', message: 'the body must be a JSON object' }];
    }
    const identity = (value as Record<string, unknown>).identity;
    const kind =
      typeof identity === 'object' && identity !== null
        ? (identity as Record<string, unknown>).kind
        : undefined;
    const validate =
      typeof kind === 'string' ? byKind.get(kind as (typeof KINDS)[number]) : undefined;
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
  };
}
