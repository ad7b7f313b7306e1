/**
 * Strict base64url (RFC 4648 §5, as JWS requires in RFC 7515 §2): only `A-Z a-z 0-9 - _`, no
 * padding, no whitespace, and canonical — the unused low bits of the last character must be zero,
 * so every byte string has exactly one encoding. Lenient decoders (Node's Buffer among them) accept
 * `+`, `/`, `=`, whitespace and non-canonical tails, which lets one token have many spellings.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

const ALPHABET_ONLY = /^[A-Za-z0-9_-]*$/;

/** Node's Buffer decodes natively; it is lenient, so it only ever sees pre-validated input. */
const NodeBuffer = (
  globalThis as {
    Buffer?: { from(text: string, encoding: 'base64url'): Uint8Array };
  }
).Buffer;

/** Alphabet, length and canonical-tail checks (no decoding). */
function isCanonical(text: string): boolean {
  const length = text.length;
  const remainder = length & 3;
  if (remainder === 1 || !ALPHABET_ONLY.test(text)) return false;
  if (remainder === 2) return (value(text, length - 1) & 0x0f) === 0;
  if (remainder === 3) return (value(text, length - 1) & 0x03) === 0;
  return true;
}

function value(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? (VALUES[code] as number) : -1;
}

/** Decodes strict base64url; returns `undefined` for anything that is not canonical base64url. */
export function decodeBase64url(text: string): Uint8Array | undefined {
  if (NodeBuffer !== undefined)
    return isCanonical(text) ? NodeBuffer.from(text, 'base64url') : undefined;
  return decodePortable(text);
}

/** The same decoder in plain JavaScript, for runtimes without Buffer. */
export function decodePortable(text: string): Uint8Array | undefined {
  const length = text.length;
  const remainder = length & 3;
  if (remainder === 1) return undefined;
  const full = length - remainder;
  const out = new Uint8Array((full / 4) * 3 + (remainder === 0 ? 0 : remainder - 1));
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const a = value(text, i);
    const b = value(text, i + 1);
    const c = value(text, i + 2);
    const d = value(text, i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (remainder === 2) {
    const a = value(text, full);
    const b = value(text, full + 1);
    if ((a | b) < 0 || (b & 0x0f) !== 0) return undefined;
    out[o] = (a << 2) | (b >> 4);
  } else if (remainder === 3) {
    const a = value(text, full);
    const b = value(text, full + 1);
    const c = value(text, full + 2);
    if ((a | b | c) < 0 || (c & 0x03) !== 0) return undefined;
    out[o++] = (a << 2) | (b >> 4);
    out[o] = ((b & 0x0f) << 4) | (c >> 2);
  }
  return out;
}

// atob yields one character per byte (U+0000-U+00FF); one above U+007F means non-ASCII bytes.
const NON_ASCII = /[\u0080-\u00ff]/;
const atobFn = (globalThis as { atob?: (data: string) => string }).atob;

/**
 * Decodes strict base64url holding UTF-8 text. Tokens are almost always ASCII: then `atob`'s
 * binary string already is the text, with no byte array in between. Throws `TypeError` for invalid
 * UTF-8; returns `undefined` for anything that is not canonical base64url.
 */
export function decodeBase64urlText(
  text: string,
  utf8: { decode(bytes: Uint8Array): string },
): string | undefined {
  if (atobFn === undefined || !isCanonical(text)) {
    const bytes = decodeBase64url(text);
    return bytes === undefined ? undefined : utf8.decode(bytes);
  }
  const binary = atobFn(text.replace(/-/g, '+').replace(/_/g, '/'));
  if (!NON_ASCII.test(binary)) return binary;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return utf8.decode(bytes);
}

/** Validates strict base64url without decoding (used for the signature segment). */
export function isBase64url(text: string): boolean {
  return isCanonical(text);
}

/** Length in bytes of the data a valid base64url string of this length encodes. */
export function decodedLength(encodedLength: number): number {
  const remainder = encodedLength & 3;
  return ((encodedLength - remainder) / 4) * 3 + (remainder === 0 ? 0 : remainder - 1);
}
