import type { RunIdClient, TokenPreview, TokenRequest } from '@runid/sdk';
import { type FormEvent, useState } from 'react';
import { describeError, type ShownError } from '../api.js';
import { ErrorNotice } from '../components/status.js';

const EXAMPLES: Record<string, object> = {
  deployment: {
    kind: 'deployment',
    org: 'acme',
    project: 'web',
    stack: 'prod',
    operation: 'update',
    deployment: 42,
    duration: '15m',
  },
  environment: {
    kind: 'environment',
    org: 'acme',
    platform: 'aws',
    currentEnvironment: 'web/dev',
    user: 'alice',
  },
  oidc: {
    kind: 'oidc',
    org: 'acme',
    orgId: 'org-1',
    currentEnvironment: { name: 'web/dev', id: 'env-1' },
    rootEnvironment: { name: 'web/root', id: 'env-0' },
    actor: { login: 'alice', id: 'u-1' },
    audience: 'sts.amazonaws.com',
  },
};

/**
 * The claims a token would carry, for any of the three kinds, with the per-platform subject
 * checks. (Trust simulation joins this page once `POST /api/v1/trust/simulate` is in the
 * contract.)
 */
export function Preview({ api }: { api: RunIdClient }) {
  const [kind, setKind] = useState('deployment');
  const [text, setText] = useState(JSON.stringify(EXAMPLES.deployment, null, 2));
  const [result, setResult] = useState<TokenPreview | undefined>();
  const [error, setError] = useState<ShownError | undefined>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setResult(undefined);
    let request: TokenRequest;
    try {
      request = JSON.parse(text) as TokenRequest;
    } catch (caught) {
      setError({ code: 'invalid_json', message: (caught as Error).message, fields: [] });
      return;
    }
    try {
      setResult(await api.previewToken(request));
    } catch (caught) {
      setError(describeError(caught));
    }
  }
  return (
    <>
      <h1>Preview claims</h1>
      <form onSubmit={submit} className="preview">
        <fieldset>
          <legend>Kind</legend>
          {Object.keys(EXAMPLES).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setText(JSON.stringify(EXAMPLES[k], null, 2));
                }}
              />{' '}
              {k}
            </label>
          ))}
        </fieldset>
        <label htmlFor="preview-request">Token request (the body of POST /api/v1/tokens)</label>
        <textarea
          id="preview-request"
          rows={12}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Preview</button>
      </form>
      {error && <ErrorNotice error={error} />}
      {result && (
        <section aria-labelledby="preview-result">
          <h2 id="preview-result">
            A {result.kind} token of the {result.issuer} issuer, living {result.lifetimeSeconds} s
          </h2>
          <pre className="claims" data-testid="preview-claims">
            {JSON.stringify(result.claims, null, 2)}
          </pre>
          <h3>Subject checks per platform</h3>
          <ul className="checks">
            {result.platformChecks.map((c) => (
              <li key={c.platform} className={c.ok ? 'ok' : 'bad'}>
                <strong>{c.platform}</strong>: {c.ok ? 'fits' : 'does not fit'}
                {c.reasons.length > 0 && ` — ${c.reasons.join('; ')}`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
