export {
  type ContractAnswer,
  ContractValidator,
  type RequestBodyOptions,
} from './contract-validator.js';
export {
  type ContractOperation,
  type ContractParameter,
  contractOperations,
  findOperation,
  operationById,
  operationParameters,
  resolveRef,
} from './operations.js';
export { type FieldError, readableErrors, type Validate } from './readable-errors.js';
export { VALUE_KEYWORDS, withoutValueKeywords } from './shape.js';
