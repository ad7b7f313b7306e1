import type { RunIdClient, TokenPreview, TokenRequest, TrustSimulation } from '@runid/sdk';
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

/** A Vault JWT role bound to the deployment example's subject: accepted as it stands. */
const RELYING_PARTY_EXAMPLE = {
  vault: {
    data: {
      role_type: 'jwt',
      user_claim: 'sub',
      bound_audiences: ['acme'],
      bound_subject: 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
    },
  },
};

/**
 * The claims a token would carry, for any of the three kinds, with the per-platform subject
 * checks; and a pasted relying-party configuration simulated against the same request
 * (`POST /api/v1/trust/simulate`): its verdict and lint findings.
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
      {result && <PreviewResult result={result} />}
      <Simulate api={api} requestText={text} />
    </>
  );
}

function Simulate({ api, requestText }: { api: RunIdClient; requestText: string }) {
  const [config, setConfig] = useState(JSON.stringify(RELYING_PARTY_EXAMPLE, null, 2));
  const [result, setResult] = useState<TrustSimulation | undefined>();
  const [error, setError] = useState<ShownError | undefined>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setResult(undefined);
    let token: TokenRequest;
    let relyingParty: unknown;
    try {
      token = JSON.parse(requestText) as TokenRequest;
      relyingParty = JSON.parse(config);
    } catch (caught) {
      setError({ code: 'invalid_json', message: (caught as Error).message, fields: [] });
      return;
    }
    try {
      setResult(
        await api.simulateTrust({
          token,
          relyingParty: relyingParty as Parameters<RunIdClient['simulateTrust']>[0]['relyingParty'],
        }),
      );
    } catch (caught) {
      setError(describeError(caught));
    }
  }
  const v = result?.verdict;
  return (
    <section aria-labelledby="simulate">
      <h2 id="simulate">Would a relying party accept it?</h2>
      <form onSubmit={submit}>
        <label htmlFor="relying-party">
          Relying-party configuration (one of aws, azure, gcp, vault, as its CLI prints it)
        </label>
        <textarea
          id="relying-party"
          rows={10}
          spellCheck={false}
          value={config}
          onChange={(e) => setConfig(e.target.value)}
        />
        <button type="submit">Simulate</button>
      </form>
      {error && <ErrorNotice error={error} />}
      {result && v && (
        <div data-testid="verdict">
          <p className={v.accepted ? 'ok' : 'bad'}>
            <strong>
              {v.relyingParty}: {v.accepted ? 'accepted' : 'refused'}
            </strong>
            {!v.accepted && (
              <>
                {' '}
                at {v.stage}: <code>{v.code}</code> {v.message}
                {v.failed && (
                  <>
                    {' '}
                    — <code>{v.failed.path}</code> expected{' '}
                    <code>{JSON.stringify(v.failed.expected)}</code>
                    {'actual' in v.failed && (
                      <>
                        , got <code>{JSON.stringify(v.failed.actual)}</code>
                      </>
                    )}
                  </>
                )}
                {v.hint && <> Hint: {v.hint}</>}
              </>
            )}
          </p>
          <h3>Lint findings</h3>
          {result.findings.length === 0 ? (
            <p className="empty">None: the configuration is clean.</p>
          ) : (
            <ul>
              {result.findings.map((f) => (
                <li key={`${f.rule}-${f.path}`}>
                  <strong>
                    {f.rule} ({f.severity})
                  </strong>{' '}
                  <code>{f.path}</code>: {f.message} Fix: {f.fix}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function PreviewResult({ result }: { result: TokenPreview }) {
  return (
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
  );
}
