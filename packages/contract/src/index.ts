export type { OpenApiDocument } from './document-type.js';
export { openapiDocument } from './generated/document.gen.js';
export type { components, operations, paths } from './generated/openapi.gen.js';

import type { components, operations } from './generated/openapi.gen.js';

/** Every named schema of the contract, e.g. `Schemas['MintedToken']`. */
export type Schemas = components['schemas'];
/** The ids of every operation, e.g. `'mintToken'`. */
export type OperationId = keyof operations;
/** The RFC 9457 problem document every error answer carries. */
export type Problem = Schemas['Problem'];
/** The stable, machine-readable error codes. */
export type ErrorCode = Schemas['ErrorCode'];
/** The body of `POST /api/v1/tokens` and `POST /api/v1/tokens/preview`. */
export type TokenRequest = Schemas['TokenRequest'];
