import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64url,
  decodeBase64urlText,
  decodedLength,
  decodePortable,
  isBase64url,
} from '../src/base64url.js';

describe('strict base64url', () => {
  it('round-trips every byte string and agrees with Node (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(isBase64url(text)).toBe(true);
        expect(new Uint8Array(decodeBase64url(text) ?? [])).toEqual(new Uint8Array(bytes));
        expect(decodePortable(text)).toEqual(new Uint8Array(bytes));
        expect(decodedLength(text.length)).toBe(bytes.length);
      }),
      { numRuns: 500 },
    );
  });

  it('has exactly one spelling per byte string: non-zero unused bits are refused (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 1, max: 15 }),
        (bytes, bits) => {
          const text = Buffer.from(bytes).toString('base64url');
          const remainder = text.length % 4;
          if (remainder === 0) return;
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
          const last = alphabet.indexOf(text.at(-1) as string);
          const mask = remainder === 2 ? 0x0f : 0x03;
          const changed = alphabet[(last & ~mask) | (bits & mask)] as string;
          if ((bits & mask) === 0) return;
          const variant = text.slice(0, -1) + changed;
          // Node's lenient decoder reads the same bytes; the strict one refuses.
          expect(Buffer.from(variant, 'base64url')).toEqual(Buffer.from(bytes));
          expect(decodeBase64url(variant)).toBeUndefined();
          expect(decodePortable(variant)).toBeUndefined();
          expect(isBase64url(variant)).toBe(false);
        },
      ),
    );
  });

  it.each([
    ['padding', 'QQ=='],
    ['standard alphabet +', 'a+b_'],
    ['standard alphabet /', 'a/b_'],
    ['whitespace', 'QUJD REVG'],
    ['newline', 'QUJD\nREVG'],
    ['impossible length', 'QUJDR'],
    ['non-ASCII', 'QUJDé'],
    ['dot', 'QU.D'],
  ])('refuses %s', (_name, text) => {
    expect(decodeBase64url(text)).toBeUndefined();
    expect(decodePortable(text)).toBeUndefined();
    expect(isBase64url(text)).toBe(false);
  });

  it('accepts the empty string as zero bytes', () => {
    expect(decodeBase64url('')?.length).toBe(0);
    expect(decodePortable('')).toEqual(new Uint8Array());
  });
});

describe('decodeBase64urlText', () => {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  it('decodes ASCII and multi-byte UTF-8 text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const encoded = Buffer.from(text, 'utf8').toString('base64url');
        expect(decodeBase64urlText(encoded, utf8)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses invalid UTF-8 and non-canonical input', () => {
    expect(() =>
      decodeBase64urlText(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url'), utf8),
    ).toThrow(TypeError);
    expect(decodeBase64urlText('QR', utf8)).toBeUndefined();
    expect(decodeBase64urlText('QQ==', utf8)).toBeUndefined();
    expect(decodeBase64urlText('a+b/', utf8)).toBeUndefined();
  });
});
