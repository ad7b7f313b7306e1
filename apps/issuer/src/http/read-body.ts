import type { IncomingMessage } from 'node:http';
import { IssuerError } from '../errors.js';
import { JsonSyntaxError, parseStrictJson } from './strict-json.js';

export const MAX_BODY_BYTES = 64 * 1024;
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Refuses a body the issuer would otherwise read wrongly (415): a `Content-Encoding` other than
 * `identity` (the bytes would be parsed compressed; decoding is not offered — JSON bodies are at
 * most 64 KiB, and a decoder is a decompression-bomb surface), or a `Transfer-Encoding` other
 * than plain `chunked` (Node de-chunks but applies no other coding, e.g. `gzip, chunked`).
 */
export function refuseCodings(req: IncomingMessage): void {
  const content = req.headers['content-encoding'];
  if (content !== undefined && !/^\s*identity\s*$/i.test(content)) {
    throw new IssuerError(
      'unsupported_media_type',
      'Content-Encoding is not supported: send the JSON body uncompressed.',
      { headers: { 'Accept-Encoding': 'identity' } },
    );
  }
  const transfer = req.headers['transfer-encoding'];
  if (transfer !== undefined && !/^\s*chunked\s*$/i.test(transfer)) {
    throw new IssuerError(
      'unsupported_media_type',
      'Only the chunked transfer coding is supported: send the body with Content-Length or Transfer-Encoding: chunked.',
      { headers: { Connection: 'close' } },
    );
  }
}

/**
 * Reads a JSON body: codings and media type first (415), then the size cap (413, decided from
 * Content-Length when present and never buffering past the cap), then strict JSON (400).
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  refuseCodings(req);
  const type = req.headers['content-type'];
  if (type === undefined || !JSON_TYPE.test(type)) {
    throw new IssuerError('unsupported_media_type', 'The body must be application/json (UTF-8).');
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readCapped(req);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (error) {
    throw new IssuerError('invalid_json', 'The body is not valid UTF-8.', { cause: error });
  }
  if (text.trim() === '')
    throw new IssuerError('invalid_json', 'The body is empty; send a JSON object.');
  try {
    return parseStrictJson(text);
  } catch (error) {
    const reason = error instanceof JsonSyntaxError ? error.message : 'invalid JSON';
    throw new IssuerError('invalid_json', `The body is not valid JSON: ${reason}.`, {
      cause: error,
    });
  }
}

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Reads an `application/x-www-form-urlencoded` body (RFC 7662 introspection): the same codings,
 * 415 and 413 rules as JSON, then strict percent-decoding of UTF-8. A parameter given twice is
 * refused (RFC 6749 section 3.2); the caller ignores the ones it does not know.
 */
export async function readFormBody(req: IncomingMessage): Promise<Map<string, string>> {
  refuseCodings(req);
  const type = req.headers['content-type'];
  if (type === undefined || !FORM_TYPE.test(type)) {
    throw new IssuerError(
      'unsupported_media_type',
      'The body must be application/x-www-form-urlencoded (UTF-8), e.g. token=<jwt>.',
    );
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readCapped(req);
  const form = new Map<string, string>();
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (error) {
    throw invalidForm('', 'The body is not valid UTF-8.', error);
  }
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const [rawName, rawValue] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    const name = decodeFormComponent(rawName, '');
    const value = decodeFormComponent(rawValue, name);
    if (form.has(name)) {
      throw invalidForm(name, `The parameter ${JSON.stringify(name)} is given more than once.`);
    }
    form.set(name, value);
  }
  return form;
}

function decodeFormComponent(raw: string, name: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch (error) {
    throw invalidForm(
      name,
      `The form body is not percent-encoded UTF-8${name === '' ? '' : ` (parameter ${JSON.stringify(name)})`}.`,
      error,
    );
  }
}

function invalidForm(path: string, message: string, cause?: unknown): IssuerError {
  return new IssuerError('invalid_request', message, {
    cause,
    errors: [{ path, code: 'invalid_form', message }],
  });
}

function tooLarge(): IssuerError {
  return new IssuerError('payload_too_large', `The body is over ${MAX_BODY_BYTES / 1024} KiB.`, {
    headers: { Connection: 'close' },
  });
}

function readCapped(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        cleanup();
        // Stop buffering; the rest of the body is drained and dropped.
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new IssuerError('invalid_json', 'The body could not be read.', { cause: error }));
    };
    const onAborted = () => onError(new Error('request aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
