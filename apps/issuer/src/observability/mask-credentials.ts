/**
 * Masks what may carry a credential in a message about a failure: the password of any URL
 * (`postgres://user:secret@host` → `postgres://user:***@host`), `password=…` pairs of a libpq
 * connection string, and RunID keys (`rid_admin_…`, `rid_client_…`).
 */
export function maskCredentials(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi, '$1:***@')
    .replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***')
    .replace(/\brid_(admin|client)_[A-Za-z0-9_-]+/g, 'rid_$1_***');
}
