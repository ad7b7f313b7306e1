import { openapiDocument } from '@runid/contract';
import { describe, expect, it } from 'vitest';
import { PROBLEM_TITLES } from '../../src/http/problem-titles.js';

describe('problem titles', () => {
  it('has a title for exactly the error codes the OpenAPI document lists', () => {
    const codes = (openapiDocument.components.schemas.ErrorCode as { enum: string[] }).enum;
    expect(Object.keys(PROBLEM_TITLES).sort()).toEqual([...codes].sort());
    for (const title of Object.values(PROBLEM_TITLES)) expect(title).toMatch(/^[A-Z][\w -]+$/);
  });
});
