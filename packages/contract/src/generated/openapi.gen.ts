// Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit by hand:
// change the YAML and run `pnpm generate`.

export interface paths {
    "/oidc/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Discovery document of the v1 issuer
         * @description The OpenID Connect discovery document of the v1 issuer (`deployment` and `environment` tokens). Its `issuer` and `jwks_uri` are configured constants: request headers never change them.
         */
        get: operations["getDiscoveryV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/.well-known/jwks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public signing keys of the v1 issuer */
        get: operations["getJwksV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/v2/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Discovery document of the v2 issuer
         * @description The OpenID Connect discovery document of the v2 issuer (`oidc` tokens).
         */
        get: operations["getDiscoveryV2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/v2/.well-known/jwks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public signing keys of the v2 issuer */
        get: operations["getJwksV2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Introspect a token of the v1 issuer (RFC 7662)
         * @description Is this token live? RFC 7662 token introspection for the v1 issuer (`<base>/oidc`), advertised as `introspection_endpoint` in its discovery document. The body is `application/x-www-form-urlencoded` with `token` (and an optional `token_type_hint`, ignored). Callable with a client key one of whose grants has `introspect: true`; a client with no such grant answers 403 `grant_denied`, an admin key 403 `forbidden`, a run credential 403 `run_credential_not_allowed`. The answer is `active: true` only for a token this issuer signed (with a key of its JWKS, retired-but-published keys included) whose `iss` is this issuer (a token of the other issuer is inactive here), that has not expired, whose audit record exists and whose run, if it has one, is still running before its deadline; and only when an introspecting grant of the caller covers the token's org. Any other token — not a JWT, signed by anyone else, expired, of a finished, expired or revoked run, or of an org no introspecting grant covers — answers exactly `{"active": false}`, so the answer never tells which check failed or that the token exists.
         */
        post: operations["introspectTokenV1"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/v2/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Introspect a token of the v2 issuer (RFC 7662)
         * @description Is this token live? RFC 7662 token introspection for the v2 issuer (`<base>/oidc/v2`), advertised as `introspection_endpoint` in its discovery document. The body is `application/x-www-form-urlencoded` with `token` (and an optional `token_type_hint`, ignored). Callable with a client key one of whose grants has `introspect: true`; a client with no such grant answers 403 `grant_denied`, an admin key 403 `forbidden`, a run credential 403 `run_credential_not_allowed`. The answer is `active: true` only for a token this issuer signed (with a key of its JWKS, retired-but-published keys included) whose `iss` is this issuer (a token of the other issuer is inactive here), that has not expired, whose audit record exists and whose run, if it has one, is still running before its deadline; and only when an introspecting grant of the caller covers the token's org. Any other token — not a JWT, signed by anyone else, expired, of a finished, expired or revoked run, or of an org no introspecting grant covers — answers exactly `{"active": false}`, so the answer never tells which check failed or that the token exists.
         */
        post: operations["introspectTokenV2"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mint one token for one run
         * @description Mints one signed token. With a client key the body is a token request of one kind (`TokenRequest`): the kind selects the issuer (`deployment` and `environment` → v1, `oidc` → v2) and the request must fall inside one of the client's grants. With a run credential the body is a `RunTokenRequest`: the identity is the run's, and the body chooses only what the run leaves open (`platform` or `audience` within the run's lists, `duration`, `subjectAttributes`); the token carries a `run_id` claim and never expires after the run's deadline (the default duration shrinks to fit; an explicit one past it is 400 `duration_exceeds_deadline`); a run that has ended answers 403 `run_ended`, checked in the transaction that writes the token's audit record. The audit record is written before the token is returned; when the store is unavailable the answer is 503 with `Retry-After` and no token is issued.
         */
        post: operations["mintToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview the claims a token would carry
         * @description Takes the same body as minting and answers with the claims the token would carry (`iss`, `sub`, `aud` and the custom claims; no `iat`, `nbf`, `exp` or `jti`). Signs nothing and records nothing. Operators use it to write trust policies. A client key is checked against its grants; an admin key may preview anything.
         */
        post: operations["previewToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current console session
         * @description The session the cookie names, with its timeouts. A missing, unknown, signed-out or expired session answers 401 `unauthorized`.
         */
        get: operations["getSession"];
        put?: never;
        /**
         * Sign in to the console (exchange an admin key for a session)
         * @description Exchanges the admin key in `Authorization: Bearer` for a server-side session and sets it as the cookie `runid_session` (`__Host-runid_session` when the issuer URL is https): `HttpOnly; SameSite=Strict; Path=/`, plus `Secure` on https. The key itself is never put in the cookie or stored by the browser. The session ends after `RUNID_SESSION_IDLE_TIMEOUT` without a call, after `RUNID_SESSION_ABSOLUTE_TIMEOUT` in any case, or at sign-out. A request whose `Origin` is another origin is refused with 403 `csrf_refused`.
         */
        post: operations["createSession"];
        /**
         * Sign out of the console
         * @description Ends the session in the store, so every replica refuses its cookie from then on, and clears the cookie. Needs the CSRF defence like every cookie call that changes state.
         */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the admin credentials
         * @description Every admin credential, the bootstrap one included, revoked ones too, oldest first.
         */
        get: operations["listAdminCredentials"];
        put?: never;
        /**
         * Create an admin credential with a role
         * @description Creates an admin credential (`rid_admin_…`) with a role: `admin` administers everything, `auditor` only reads (clients, keys, runs, audit, credentials). The answer carries the key: it is shown this once and stored only as a hash. `expiresIn` (a duration like `30d`, `12h`, 1m to 3650d) or `expiresAt` (a time in the next 3650 days), not both, makes it end by itself; without either it lasts until revoked. The name is unique among the credentials that are active (409 `conflict`; an expired credential holding the name is revoked to free it). Needs the `admin` role.
         */
        post: operations["createAdminCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/credentials/{credentialId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one admin credential */
        get: operations["getAdminCredential"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/credentials/{credentialId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an admin credential
         * @description Revokes the credential at once: its key answers 401 from then on and its console sessions end, on every replica within 1 s. Permanent and idempotent (a revoked credential answers 200 unchanged); its name is free again. Revoking the last `admin` credential that is neither revoked nor expired is refused with 409 `last_admin_credential`, so the issuer always keeps one way in. Needs the `admin` role.
         */
        post: operations["revokeAdminCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trust/simulate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simulate a cloud's trust configuration against the claims of a token request
         * @description Takes a token request under `token` (exactly the body of `previewToken`), one relying party's trust configuration under `relyingParty` (the JSON its own CLI prints), an optional exchange time `at` and requested session `duration`, and answers the claims the token would carry, the relying party's verdict and the lint findings (rules L1–L24) of the configuration: the verdict `runid trust simulate --json` prints for that token and those files, and the findings of `runid trust lint --json --issuer <the token's iss>` plus what the request adds (the session `duration`, the token's lifetime and session tags). The token is simulated as a mint now would sign it (`iat` = `nbf` = now, `exp` = now plus its lifetime, a fresh `jti`) and exchanged at `at`; it is never signed or recorded. A refusal is a 200 whose `verdict.accepted` is false. A client key may only simulate tokens its grants cover (403 `grant_denied`, as for the preview); an admin key may simulate anything, and so may the console's session cookie. Relying-party input the cloud could not hold (a missing field, a wrong type, a trust policy IAM would refuse as malformed) is 400 `invalid_request` with one `errors` entry per problem, its `path` naming the field in this body (`relyingParty.aws.trustPolicy.Statement[0]`). Nothing is fetched from the clouds.
         */
        post: operations["simulateTrust"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API clients */
        get: operations["listClients"];
        put?: never;
        /**
         * Create an API client with grants
         * @description Creates a client that may mint tokens inside its grants. The answer carries the client's key: it is shown this once and stored only as a hash.
         */
        post: operations["createClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/clients/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one API client */
        get: operations["getClient"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/clients/{clientId}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable an API client
         * @description Disables the client at once: its keys are refused from then on (on every replica within the store's bound, see `enableClient`). Idempotent; the client stays listed for the audit trail and keeps its name until it is re-enabled (`POST …/enable`).
         */
        post: operations["disableClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/clients/{clientId}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-enable a disabled API client
         * @description Re-enables a disabled client with its name, grants and keys (keys that expired or were revoked meanwhile stay refused; rotate to issue a new one). A disabled client keeps its name, so re-enabling is how a name is reused. Idempotent: enabling an enabled client changes nothing.
         */
        post: operations["enableClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/clients/{clientId}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace an API client's grants
         * @description Replaces the client's grants as a whole (validated like creation). Takes effect at once on the replica that answers and within a second on the others (PostgreSQL: NOTIFY, and a cache bounded to one second). Tokens minted before keep their claims until they expire.
         */
        put: operations["replaceClientGrants"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/clients/{clientId}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a new client key; the old ones expire after an overlap
         * @description Issues a new key for the client (shown this once, stored only as a hash) and sets every key still valid to expire after `overlap` (default 24h; `0` ends them at once; at most 720h). A key that expires sooner keeps its earlier expiry. A client holds at most 5 valid keys: a rotation beyond that answers 409 (revoke one, or rotate with a shorter overlap once they expire). Also allowed on a disabled client, so a leaked key can be replaced before it is re-enabled.
         */
        post: operations["rotateClientKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/clients/{clientId}/keys/{keyId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke one client key at once
         * @description Refuses the key from now on (on every replica within the store's bound). Idempotent: the first revocation time is kept. The client's other keys are unaffected.
         */
        post: operations["revokeClientKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the signing keys of both issuers */
        get: operations["listKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Emergency rotation of one issuer's signing key
         * @description Promotes the issuer's published next key at once (or a freshly generated key when there is none), retires the old signing key (or, with `removeCompromised`, removes it from the JWKS immediately) and publishes a fresh next key, all in one transaction. Relying parties whose cached JWKS predates the promoted key reject new tokens until they refetch, and a removed key stays trusted wherever the JWKS is still cached. Without `"confirm": true` nothing changes: the answer is 400 `confirmation_required` whose `detail` lists these consequences for the current key set.
         */
        post: operations["rotateKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Query the audit trail of minted tokens
         * @description Audit records of minted tokens, newest first, filtered by any combination of the parameters and paginated with an opaque cursor.
         */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Query the audit trail's events by type
         * @description Every security-relevant event, newest first: refused mints with their reason code, clients created and disabled, key transitions and emergency rotations, console sign-ins and refused sign-ins, runs created, finished and revoked — and, as `token.minted`, the minted tokens' records. Filtered by type, actor and time; paginated with an opaque cursor. Refusals are recorded best effort (queued, never slowing the refusal); everything else is committed before its action answers.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the audit trail as NDJSON
         * @description The minted tokens' records and the events, oldest first, one JSON object per line (`application/x-ndjson`, streamed: read page by page from the store, so memory stays bounded whatever the range). Each line is an `AuditExportLine`; the last line is `{"recordType":"end","count":N}` — an export without it was cut short (the store failed part-way; the status was already 200) and should be retried.
         */
        get: operations["exportAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers 200 while the process is alive and its event loop answers; checks nothing else (never the store). For a liveness probe: restarting a replica because PostgreSQL is down would not help.
         */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a run
         * @description Starts a run: the token identity of one kind, a deadline (default 1h, at most 24h) and optionally the audiences (`oidc`) or platforms (`environment`) its tokens may carry, all inside the calling client's grants. For a `deployment` identity without `deployment`, the issuer assigns the next number for that org/project/stack (unique across replicas); a number already used by another run of that stack answers 409. The answer carries the run credential (`rid_run_…`): shown this once, stored only as a hash. Only client keys may create runs; a run credential answers 403 `run_credential_not_allowed`.
         */
        post: operations["createRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish a run with its outcome
         * @description Ends the run: from then on its credential mints nothing, on every replica. Callable with the run's own credential or the key of the client that created it; any other run or client answers 404 `run_not_found`. A run that has ended already (finished, past its deadline or revoked) answers 403 `run_ended`.
         */
        post: operations["finishRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List runs
         * @description Runs, newest first, filtered by state, org, project and stack, paginated with an opaque cursor.
         */
        get: operations["listRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one run with its tokens */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/runs/{runId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a run and every token it minted
         * @description Ends the run (state `revoked`) and marks every token it minted revoked. Idempotent: a run revoked already answers 200 unchanged; a run that ended otherwise becomes `revoked`.
         */
        post: operations["revokeRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness (alias of /livez)
         * @description The same answer as `/livez`, kept for existing probes and the Docker `HEALTHCHECK`.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness to mint
         * @description Ready to mint: the store answers and each issuer has a signing key. The store check is bounded (750 ms) and shared by concurrent probes, so the answer never hangs. Route `POST /api/v1/tokens` and the admin API by this one.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz/discovery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness to serve discovery and JWKS
         * @description Ready to serve the discovery documents and the JWKS, which answer from memory: true while the key set is loaded, also when the store is down, until the view is older than `RUNID_PUBLISH_LEAD` − `RUNID_JWKS_MAX_AGE` (it might then lack a key published since). Route `/oidc/…/.well-known/*` by this one, so a store outage does not take discovery out.
         */
        get: operations["getDiscoveryReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description The Prometheus text exposition: prom-client's default process and Node.js metrics, tokens minted by kind and outcome, mint latency, HTTP request latency, store operation latency and errors, audit queue depth, signing key age and key-view age. With `RUNID_METRICS_PORT` it is served on that port only, and the public port answers 404.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description An RFC 9457 problem document. `code` is stable and machine-readable. */
        Problem: {
            /** @description A URI naming the problem type (`https://runid.dev/problems/<code>`). */
            type: string;
            /** @description A short summary of the problem type. */
            title: string;
            status: number;
            code: components["schemas"]["ErrorCode"];
            /** @description What went wrong and what to fix. Never contains a token, key or secret. */
            detail: string;
            /** @description The request path. */
            instance?: string;
            /** @description The id of the request, also in the `X-Request-Id` header and the logs. */
            requestId?: string;
            /** @description One entry per field that is wrong. */
            errors?: components["schemas"]["FieldError"][];
        };
        FieldError: {
            /** @description The field, as a dotted path (`currentEnvironment.name`); empty for the whole body. */
            path: string;
            /** @description What is wrong (`required`, `invalid_type`, `unknown_field`, `invalid_characters`, …). */
            code: string;
            /** @description What is wrong and what is allowed. */
            message: string;
        };
        /**
         * @description The stable, machine-readable error code.
         * @enum {string}
         */
        ErrorCode: "invalid_json" | "invalid_request" | "invalid_claims" | "lifetime_out_of_range" | "payload_too_large" | "unsupported_media_type" | "unauthorized" | "forbidden" | "grant_denied" | "not_found" | "method_not_allowed" | "conflict" | "confirmation_required" | "csrf_refused" | "store_unavailable" | "no_signing_key" | "internal_error" | "run_not_found" | "run_ended" | "run_credential_not_allowed" | "deadline_out_of_range" | "duration_exceeds_deadline" | "last_admin_credential" | "issuer_starting";
        /**
         * @description `running`: may mint. `succeeded`, `failed`, `cancelled`: finished with that outcome. `expired`: its deadline passed before it was finished. `revoked`: ended by an admin, its tokens revoked.
         * @enum {string}
         */
        RunState: "running" | "succeeded" | "failed" | "cancelled" | "expired" | "revoked";
        /** @enum {string} */
        RunOutcome: "succeeded" | "failed" | "cancelled";
        /** @description How long the run may mint, like `2h` or `90m`: 1m–24h, default 1h. Outside the range is 400 `deadline_out_of_range`, never clamped. */
        RunDeadline: string;
        /** @description The identity every token of the run carries: a token request of one kind without `duration`. `deployment` may be left out of a deployment identity (the issuer assigns the next number); `platform` and `audience` are chosen per token within the run's lists. */
        RunIdentity: components["schemas"]["DeploymentRunIdentity"] | components["schemas"]["EnvironmentRunIdentity"] | components["schemas"]["OidcRunIdentity"];
        DeploymentRunIdentity: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "deployment";
            org: components["schemas"]["DeploymentTokenRequest"]["org"];
            project: components["schemas"]["DeploymentTokenRequest"]["project"];
            stack: components["schemas"]["DeploymentTokenRequest"]["stack"];
            operation: components["schemas"]["DeploymentTokenRequest"]["operation"];
            deployment?: components["schemas"]["DeploymentTokenRequest"]["deployment"];
        };
        EnvironmentRunIdentity: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "environment";
            org: components["schemas"]["EnvironmentTokenRequest"]["org"];
            currentEnvironment: components["schemas"]["EnvironmentTokenRequest"]["currentEnvironment"];
            rootEnvironment?: components["schemas"]["EnvironmentTokenRequest"]["rootEnvironment"];
            user: components["schemas"]["EnvironmentTokenRequest"]["user"];
        };
        OidcRunIdentity: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "oidc";
            org: components["schemas"]["OidcTokenRequest"]["org"];
            orgId: components["schemas"]["OidcTokenRequest"]["orgId"];
            currentEnvironment: components["schemas"]["OidcTokenRequest"]["currentEnvironment"];
            rootEnvironment: components["schemas"]["OidcTokenRequest"]["rootEnvironment"];
            actor: components["schemas"]["OidcTokenRequest"]["actor"];
        };
        CreateRunRequest: {
            identity: components["schemas"]["RunIdentity"];
            deadline?: components["schemas"]["RunDeadline"];
            /** @description `environment` runs: the platforms its tokens may carry (required for that kind; each must be granted). Refused for other kinds. */
            platforms?: components["schemas"]["EnvironmentTokenRequest"]["platform"][];
            /** @description `oidc` runs: the audiences its tokens may carry (required for that kind; each must be granted). Refused for other kinds. */
            audiences?: components["schemas"]["OidcTokenRequest"]["audience"][];
        };
        FinishRunRequest: {
            outcome: components["schemas"]["RunOutcome"];
        };
        Run: {
            id: string;
            /** @description The client that created the run. */
            clientId: string;
            state: components["schemas"]["RunState"];
            identity: components["schemas"]["RunIdentity"];
            platforms?: string[];
            audiences?: string[];
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description No token of the run expires after it; the run ends by itself then.
             */
            deadline: string;
            /** Format: date-time */
            endedAt?: string;
        };
        CreatedRun: {
            id: string;
            clientId: string;
            state: components["schemas"]["RunState"];
            identity: components["schemas"]["RunIdentity"];
            platforms?: string[];
            audiences?: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deadline: string;
            /** @description The run credential (`rid_run_…`). Shown only in this answer; only its hash is stored. */
            credential: string;
        };
        RunDetail: {
            run: components["schemas"]["Run"];
            tokens: components["schemas"]["AuditRecord"][];
        };
        RunPage: {
            items: components["schemas"]["Run"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor: string | null;
        };
        /**
         * @description `deployment` (v1 issuer): one deployment run. `environment` (v1 issuer): one environment open, for a vendor login. `oidc` (v2 issuer): a token with a caller-chosen audience.
         * @enum {string}
         */
        TokenKind: "deployment" | "environment" | "oidc";
        /** @enum {string} */
        IssuerVersion: "v1" | "v2";
        /** @description A lifetime like `90s`, `15m`, `1h` or `1h30m`. `deployment` and `environment` tokens: 5m–2h; `oidc`: 1m–1h; default 1h. Outside the range is an error, never clamped. */
        Duration: string;
        /** @description The inputs of one token, by kind. */
        TokenRequest: components["schemas"]["DeploymentTokenRequest"] | components["schemas"]["EnvironmentTokenRequest"] | components["schemas"]["OidcTokenRequest"];
        /** @description A token request of one kind (with a client key), or a run token request (with a run credential). The two never overlap: a run token request has no `kind`. */
        MintTokenRequest: components["schemas"]["TokenRequest"] | components["schemas"]["RunTokenRequest"];
        /** @description A token of the run whose credential calls: its identity is the run's. `platform` (`environment` runs) and `audience` (`oidc` runs) choose within the run's lists and may be left out when the list has one entry; `subjectAttributes` is for `environment` runs. A `duration` (default 1h, shrunk to fit the run's deadline) that would outlive the deadline is refused. */
        RunTokenRequest: {
            platform?: components["schemas"]["EnvironmentTokenRequest"]["platform"];
            audience?: components["schemas"]["OidcTokenRequest"]["audience"];
            subjectAttributes?: components["schemas"]["EnvironmentTokenRequest"]["subjectAttributes"];
            duration?: components["schemas"]["Duration"];
        };
        /** @description A token for one deployment run (v1 issuer). */
        DeploymentTokenRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "deployment";
            /** @description Organization name: lower case, never lower-cased for you. */
            org: string;
            /** @description Project name. */
            project: string;
            /** @description Stack name. */
            stack: string;
            /** @enum {string} */
            operation: "preview" | "update" | "refresh" | "destroy" | "detect-drift" | "remediate-drift";
            /** @description The run's version number. */
            deployment: number;
            duration?: components["schemas"]["Duration"];
        };
        /** @description A token for one environment open, for a vendor login (v1 issuer). */
        EnvironmentTokenRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "environment";
            /** @description Organization name: lower case, never lower-cased for you. */
            org: string;
            /** @enum {string} */
            platform: "aws" | "azure" | "gcp" | "vault" | "doppler" | "infisical" | "snowflake";
            /** @description Where the login is declared: `<project>/<env>`. */
            currentEnvironment: string;
            /** @description The environment that was opened; defaults to currentEnvironment. */
            rootEnvironment?: string;
            /** @description User login. */
            user: string;
            /** @description Ordered; each at most once. Omit for the default subject. */
            subjectAttributes?: ("rootEnvironment.name" | "currentEnvironment.name" | "pulumi.user.login" | "pulumi.organization.login")[];
            duration?: components["schemas"]["Duration"];
        };
        /** @description A token with a caller-chosen audience (v2 issuer). */
        OidcTokenRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "oidc";
            /** @description Organization name: lower case, never lower-cased for you. */
            org: string;
            /** @description Opaque id. */
            orgId: string;
            currentEnvironment: {
                /** @description `<project>/<environment>` with exactly one `/`. */
                name: string;
                /** @description Opaque id. */
                id: string;
            };
            rootEnvironment: {
                /** @description `<project>/<environment>` with exactly one `/`. */
                name: string;
                /** @description Opaque id. */
                id?: string;
            };
            actor: {
                /** @description User login. */
                login: string;
                /** @description Opaque id. */
                id: string;
            };
            /** @description One audience: 1-512 bytes of visible ASCII (no whitespace or control characters). */
            audience: string;
            duration?: components["schemas"]["Duration"];
        };
        /** @description A custom claim's value. */
        ClaimValue: string | number;
        /** @description Every claim of a minted token: the standard ones and the kind's custom claims (for `oidc` tokens, namespaced by URL). */
        TokenClaims: {
            iss: string;
            sub: string;
            aud: string;
            iat: number;
            nbf: number;
            exp: number;
            jti: string;
        } & {
            [key: string]: components["schemas"]["ClaimValue"];
        };
        /** @description The claims a token would carry, without `iat`, `nbf`, `exp` and `jti`. */
        PreviewClaims: {
            iss: string;
            sub: string;
            aud: string;
        } & {
            [key: string]: components["schemas"]["ClaimValue"];
        };
        MintedToken: {
            /** @description The signed JWT (compact JWS). */
            token: string;
            /**
             * Format: date-time
             * @description When the token expires (its `exp`).
             */
            expiresAt: string;
            claims: components["schemas"]["TokenClaims"];
        };
        /** @description Whether the subject fits a cloud's limits and matching rules. */
        PlatformCheck: {
            /** @enum {string} */
            platform: "aws" | "azure" | "gcp" | "vault";
            ok: boolean;
            reasons: string[];
        };
        TokenPreview: {
            claims: components["schemas"]["PreviewClaims"];
            kind: components["schemas"]["TokenKind"];
            issuer: components["schemas"]["IssuerVersion"];
            /** @description The lifetime the token would have. */
            lifetimeSeconds: number;
            platformChecks: components["schemas"]["PlatformCheck"][];
        };
        /** @description A token request and one relying party's trust configuration, to simulate the exchange. */
        TrustSimulationRequest: {
            token: components["schemas"]["TokenRequest"];
            /**
             * Format: date-time
             * @description The time of the exchange (RFC 3339); default now. The token is minted now, so an `at` past its lifetime shows the relying party's expiry refusal.
             */
            at?: string;
            duration?: components["schemas"]["SessionDuration"];
            relyingParty: components["schemas"]["RelyingPartyConfiguration"];
        };
        /** @description The session the exchange requests, in the grammar of `Duration` (`15m`, `1h`, `1h30m`): AWS `DurationSeconds` (900–43200 s and at most the role's `MaxSessionDuration`; default 1h), the Google Cloud access-token lifetime. Out of the cloud's range is a refusal in the verdict, as the cloud answers it. */
        SessionDuration: string;
        /** @description Exactly one relying party, keyed by its name. */
        RelyingPartyConfiguration: components["schemas"]["AwsRelyingParty"] | components["schemas"]["AzureRelyingParty"] | components["schemas"]["GcpRelyingParty"] | components["schemas"]["VaultRelyingParty"];
        AwsRelyingParty: {
            aws: components["schemas"]["AwsTrustConfiguration"];
        };
        /** @description The IAM OIDC provider the role trusts (always required: the issuer's own URL is not a provider registration) and either the role (`aws iam get-role` JSON) or a bare trust policy with the role's `MaxSessionDuration`. */
        AwsTrustConfiguration: components["schemas"]["AwsRoleTrust"] | components["schemas"]["AwsPolicyTrust"];
        AwsRoleTrust: {
            provider: components["schemas"]["AwsOidcProvider"];
            /** @description What `aws iam get-role` prints (`{"Role":{…}}`, or the role object): its `AssumeRolePolicyDocument` (an object, or the URL-encoded string the API returns) and `MaxSessionDuration` (default 3600). */
            role: {
                [key: string]: unknown;
            };
        };
        AwsPolicyTrust: {
            provider: components["schemas"]["AwsOidcProvider"];
            /** @description A role trust policy document (`Version`, `Statement`). */
            trustPolicy: {
                [key: string]: unknown;
            };
            /** @description The role's `MaxSessionDuration` in seconds; absent = 3600, AWS's default. */
            maxSessionDuration?: number;
        };
        /** @description What `aws iam get-open-id-connect-provider` prints (`Url`, `ClientIDList`, `ThumbprintList`, …), optionally with the provider's `Arn`. Without one, the ARN is the role's account with this `Url`, or, for a bare `trustPolicy`, the `Principal.Federated` ARN in the policy that names this `Url`. */
        AwsOidcProvider: {
            [key: string]: unknown;
        };
        AzureRelyingParty: {
            /** @description One federated identity credential, as one element of `az ad app federated-credential list` (`name`, `issuer`, `subject`, `audiences`, …). */
            azure: {
                [key: string]: unknown;
            };
        };
        GcpRelyingParty: {
            gcp: components["schemas"]["GcpTrustConfiguration"];
        };
        GcpTrustConfiguration: {
            /** @description What `gcloud iam workload-identity-pools providers describe --format=json` prints (`name`, `attributeMapping`, `attributeCondition`, `oidc.issuerUri`, `oidc.allowedAudiences`, …). */
            provider: {
                [key: string]: unknown;
            };
            /** @description The service account's IAM policy (`gcloud iam service-accounts get-iam-policy --format=json`); without it the principal binding is not checked. */
            iamPolicy?: {
                [key: string]: unknown;
            };
        };
        VaultRelyingParty: {
            /** @description A JWT auth role, as `vault read -format=json auth/<mount>/role/<name>` prints it (`{"data":{…}}`, or the data object). */
            vault: {
                [key: string]: unknown;
            };
        };
        TrustSimulation: {
            claims: components["schemas"]["PreviewClaims"];
            verdict: components["schemas"]["TrustVerdict"];
            /** @description The lint findings of the configuration; empty when it is clean. */
            findings: components["schemas"]["TrustFinding"][];
        };
        /** @description Whether the relying party accepts the token. For a refusal: the stage, the cloud's own error code and literal message (the strings operators search for), what failed and what to change; all null when accepted. */
        TrustVerdict: {
            accepted: boolean;
            /** @enum {string} */
            relyingParty: "aws" | "azure" | "gcp" | "vault";
            /** @enum {string|null} */
            stage: "token" | "registration" | "claims" | "audience" | "policy" | "session" | null;
            /** @description The cloud's error code (`AccessDenied`, `AADSTS700213`, `unauthorized_client`, `400`…). */
            code: string | null;
            /** @description The cloud's literal error message. */
            message: string | null;
            failed: components["schemas"]["TrustFailedCheck"] | null;
            hint: string | null;
        };
        /** @description The condition, FIC field, CEL expression or bound claim that failed. */
        TrustFailedCheck: {
            /** @description A JSON pointer into the relying party's document (the object under `relyingParty.<cloud>`; for AWS the provider's, the role's or the trust policy's, for Azure the credential's), into the token's claims at the `claims` stage, or into the request at the `session` stage (`/DurationSeconds`); as `runid trust simulate --json` prints it. */
            path: string;
            /** @description What the configuration requires, as written there. */
            expected: unknown;
            /** @description What the token or the request presented; absent when the value is absent. */
            actual?: unknown;
        };
        TrustFinding: {
            /** @description The rule of the misconfiguration catalogue, `L1`…`L24`. */
            rule: string;
            /** @enum {string} */
            severity: "error" | "warning" | "info";
            /** @description A JSON pointer into the relying party's document, as `runid trust lint --json` prints it. */
            path: string;
            /** @description What the configuration allows or blocks. */
            message: string;
            fix: string;
        };
        /** @description A name, or a glob whose `*` matches any run of characters inside one segment (it never crosses `:` or `/`). */
        NameGlob: string;
        /** @description What a client may mint, and whose tokens it may introspect. `kinds` and `orgs` are required. An absent `projects`, `stacks`, `environments` or `platforms` means any; an absent `audiences` means none (so `oidc` tokens need it). `maxDuration` caps the lifetime a client may ask for. `kinds: []` mints nothing: an introspect-only grant for a relying party (it then needs `introspect: true`; a grant that neither mints nor introspects is refused). */
        Grant: {
            /** @description The token kinds it may mint; empty for an introspect-only grant. */
            kinds: components["schemas"]["TokenKind"][];
            orgs: components["schemas"]["NameGlob"][];
            projects?: components["schemas"]["NameGlob"][];
            stacks?: components["schemas"]["NameGlob"][];
            /** @description Globs over `<project>/<env>`. */
            environments?: components["schemas"]["NameGlob"][];
            platforms?: ("aws" | "azure" | "gcp" | "vault" | "doppler" | "infisical" | "snowflake")[];
            /** @description Exact audiences an `oidc` token may carry. */
            audiences?: string[];
            maxDuration?: components["schemas"]["Duration"];
            /** @description Lets the client introspect (`POST <issuer>/introspect`) the tokens of this grant's `orgs`, whoever minted them, of any kind. Absent means false. */
            introspect?: boolean;
        };
        CreateClientRequest: {
            /** @description A unique, human-readable name. A disabled client keeps its name (re-enable it to use the name again). */
            name: string;
            grants: components["schemas"]["Grant"][];
            keyExpiresIn?: components["schemas"]["ClientKeyLifetime"];
            /**
             * Format: date-time
             * @description When the key stops working: at least a minute ahead. Not with `keyExpiresIn`. Absent (both): the key never expires.
             */
            keyExpiresAt?: string;
        };
        /** @description How long a client key works, like `720h` or `90m`: at least 1m. Absent: it never expires. */
        ClientKeyLifetime: string;
        /** @description How long the keys valid before a rotation keep working, like `24h` or `30m`: `0` ends them at once, at most 720h (30 days). Default 24h. */
        KeyOverlap: string;
        RotateClientKeyRequest: {
            overlap?: components["schemas"]["KeyOverlap"];
            keyExpiresIn?: components["schemas"]["ClientKeyLifetime"];
            /**
             * Format: date-time
             * @description When the new key stops working (at least a minute ahead). Not with `keyExpiresIn`.
             */
            keyExpiresAt?: string;
        };
        ReplaceGrantsRequest: {
            grants: components["schemas"]["Grant"][];
        };
        /**
         * @description `active`: accepted (until `expiresAt`, if any). `expired`: past `expiresAt`. `revoked`: revoked at `revokedAt`. A disabled client's active keys are refused all the same.
         * @enum {string}
         */
        ClientKeyStatus: "active" | "expired" | "revoked";
        /** @description One of a client's keys. Never the key or its hash. */
        ClientKey: {
            /** @description The key's id (`ck_…`), for revoking it. */
            id: string;
            status: components["schemas"]["ClientKeyStatus"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt?: string;
            /** Format: date-time */
            revokedAt?: string;
        };
        RotatedClientKey: {
            clientId: string;
            keyId: string;
            /** @description The new key. Shown only in this answer; only its hash is stored. */
            key: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt?: string;
            /** @description The client's keys after the rotation, newest first. */
            keys: components["schemas"]["ClientKey"][];
        };
        Client: {
            id: string;
            name: string;
            grants: components["schemas"]["Grant"][];
            disabled: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            disabledAt?: string;
            /** @description The client's keys, newest first. */
            keys: components["schemas"]["ClientKey"][];
        };
        CreatedClient: {
            id: string;
            name: string;
            /** @description The client's key. Shown only in this answer; only its hash is stored. */
            key: string;
            /** @description The key's id (`ck_…`), as `keys` lists it. */
            keyId: string;
            /** Format: date-time */
            keyExpiresAt?: string;
            grants: components["schemas"]["Grant"][];
            disabled: boolean;
            /** Format: date-time */
            createdAt: string;
        };
        ClientList: {
            items: components["schemas"]["Client"][];
        };
        /**
         * @description `next`: published, not signing yet. `current`: signing. `retired`: published, no longer signing. `removed`: no longer published.
         * @enum {string}
         */
        KeyState: "next" | "current" | "retired" | "removed";
        SigningKey: {
            issuer: components["schemas"]["IssuerVersion"];
            kid: string;
            /** @enum {string} */
            alg: "RS256" | "ES256";
            state: components["schemas"]["KeyState"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            activatedAt?: string;
            /** Format: date-time */
            retiredAt?: string;
            /** Format: date-time */
            removedAt?: string;
            /**
             * Format: date-time
             * @description When it first appeared in the JWKS.
             */
            publishedAt?: string;
            /**
             * Format: date-time
             * @description When it is planned to leave the JWKS (set once it is retired): no token it signed outlives this.
             */
            publishUntil?: string;
        };
        /** @description A console session. Its id is only in the `HttpOnly` cookie, never in a body. */
        AdminSession: {
            /** @description The name of the admin credential that signed in. */
            admin: string;
            role: components["schemas"]["AdminRole"];
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the session ends unless a call is made before.
             */
            idleExpiresAt: string;
            /**
             * Format: date-time
             * @description When the session ends in any case (the absolute timeout).
             */
            expiresAt: string;
            idleTimeoutSeconds: number;
            absoluteTimeoutSeconds: number;
        };
        /**
         * @description `admin`: every admin operation. `auditor`: read-only — lists and reads clients, keys, runs, audit and admin credentials, previews and simulates; creates, disables, rotates and revokes nothing (403 `forbidden` naming the role needed).
         * @enum {string}
         */
        AdminRole: "admin" | "auditor";
        /**
         * @description `active`: accepted. `expired`: past `expiresAt`. `revoked`: revoked (permanent).
         * @enum {string}
         */
        AdminCredentialState: "active" | "expired" | "revoked";
        CreateAdminCredentialRequest: {
            /** @description A name unique among active credentials (an expired one holding it is revoked to free it; a revoked one frees it). */
            name: string;
            role: components["schemas"]["AdminRole"];
            /** @description The credential ends this long after its creation: units d, h, m, s each at most once (`30d`, `12h`, `1d12h`), 1m to 3650d. Exclusive with `expiresAt`. */
            expiresIn?: string;
            /**
             * Format: date-time
             * @description The credential ends at this time: at least a minute and at most 3650 days ahead. Exclusive with `expiresIn`.
             */
            expiresAt?: string;
        };
        AdminCredential: {
            id: string;
            name: string;
            role: components["schemas"]["AdminRole"];
            state: components["schemas"]["AdminCredentialState"];
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description When it ends by itself; absent when it lasts until revoked.
             */
            expiresAt?: string;
            /**
             * Format: date-time
             * @description The last time the key or one of its console sessions was accepted, written at most once a minute: up to a minute older than the true last use. Absent when never used.
             */
            lastUsedAt?: string;
            /** Format: date-time */
            revokedAt?: string;
        };
        CreatedAdminCredential: {
            id: string;
            name: string;
            role: components["schemas"]["AdminRole"];
            state: components["schemas"]["AdminCredentialState"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt?: string;
            /** @description The credential's key (`rid_admin_…`). Shown only in this answer; only its hash is stored. */
            key: string;
        };
        AdminCredentialList: {
            items: components["schemas"]["AdminCredential"][];
        };
        EndedSession: {
            /** @constant */
            ended: true;
        };
        KeyList: {
            items: components["schemas"]["SigningKey"][];
        };
        KeyRotationRequest: {
            issuer: components["schemas"]["IssuerVersion"];
            /** @description Must be `true`; anything else answers `confirmation_required`. */
            confirm?: boolean;
            /** @description The old signing key is compromised: remove it from the JWKS now instead of retiring it (tokens it signed stop verifying wherever the JWKS is refetched). Absent = false. */
            removeCompromised?: boolean;
        };
        KeyRotation: {
            issuer: components["schemas"]["IssuerVersion"];
            /** @description What the rotation did and what relying parties will see, in prose. */
            explanation: string;
            consequences: string[];
            /** @description The issuer's keys after the rotation (metadata only), newest first. */
            keys: components["schemas"]["SigningKey"][];
        };
        AuditRecord: {
            jti: string;
            kind: components["schemas"]["TokenKind"];
            iss: string;
            sub: string;
            aud: string;
            clientId: string;
            kid: string;
            /** Format: date-time */
            iat: string;
            /** Format: date-time */
            exp: string;
            /** @description The run that minted the token; absent for tokens minted with a client key. */
            runId?: string;
            /** @description The request that minted it (its `X-Request-Id` answer header); absent on records written before the issuer recorded it. */
            requestId?: string;
            /** @description The caller's address: the socket peer, or from `X-Forwarded-For` when the peer is in `RUNID_TRUSTED_PROXIES`. Absent on records written before the issuer recorded it. */
            source?: string;
        };
        /**
         * @description The stable event types. `token.minted` events are the minted tokens' records (`AuditRecord`) shown as events; the key types follow the rotation's transitions.
         * @enum {string}
         */
        AuditEventType: "token.minted" | "token.refused" | "client.created" | "client.disabled" | "client.enabled" | "client.grants_changed" | "client.key_rotated" | "client.key_revoked" | "admin_credential.created" | "admin_credential.revoked" | "key.generated" | "key.published" | "key.rotated" | "key.emergency_rotated" | "key.retired" | "key.removed" | "key.rekeyed" | "admin.signed_in" | "admin.sign_in_refused" | "admin.action_refused" | "run.created" | "run.finished" | "run.revoked" | "audit.purged";
        /** @description Who acted: an API client, an admin credential, a run credential, the issuer itself (`system`: `rotator`, `retention`), or a caller refused before it authenticated (`anonymous`). */
        AuditActor: {
            /** @enum {string} */
            type: "client" | "admin" | "run" | "system" | "anonymous";
            id: string;
            /** @description The client's or admin credential's name; for `rotator`, the replica. */
            name?: string;
        };
        AuditEvent: {
            /** @description The event's id (a token's `jti` for `token.minted`). */
            id: string;
            /** Format: date-time */
            at: string;
            type: components["schemas"]["AuditEventType"];
            actor: components["schemas"]["AuditActor"];
            /** @description What the event acted on (a client, key, run, token…). */
            target?: {
                type: string;
                id: string;
            };
            /** @description The request's `X-Request-Id`; absent for the issuer's own actions. */
            requestId?: string;
            /** @description The caller's address: the socket peer, or from `X-Forwarded-For` when the peer is in `RUNID_TRUSTED_PROXIES`. */
            source?: string;
            /**
             * @description `refused`: answered 4xx; `failure`: answered 5xx.
             * @enum {string}
             */
            outcome: "success" | "refused" | "failure";
            /** @description The error code of a refusal or failure (`grant_denied`, `unauthorized`…). */
            reason?: string;
            /** @description Small, type-specific JSON. Never a secret or a token: members named like one and values shaped like one are `[redacted]`; a refusal lists the failing fields' paths and codes, never their values. */
            detail: {
                [key: string]: unknown;
            };
        };
        AuditEventPage: {
            items: components["schemas"]["AuditEvent"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor: string | null;
        };
        /** @description One line of the NDJSON export. */
        AuditExportLine: {
            /** @constant */
            recordType: "token";
            record: components["schemas"]["AuditRecord"];
        } | {
            /** @constant */
            recordType: "event";
            event: components["schemas"]["AuditEvent"];
        } | {
            /** @constant */
            recordType: "end";
            /** @description How many lines came before this one. */
            count: number;
        };
        AuditPage: {
            items: components["schemas"]["AuditRecord"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor: string | null;
        };
        /** @description A public signing key. Never carries private members. */
        Jwk: {
            /** @enum {string} */
            kty: "RSA" | "EC";
            /** @description The RFC 7638 thumbprint of the key. */
            kid: string;
            /** @constant */
            use: "sig";
            /** @enum {string} */
            alg: "RS256" | "ES256";
            n?: string;
            e?: string;
            /** @constant */
            crv?: "P-256";
            x?: string;
            y?: string;
        };
        JsonWebKeySet: {
            keys: components["schemas"]["Jwk"][];
        };
        /** @description RFC 7662 section 2.1. Parameters other than these are ignored (RFC 6749 section 3.2); each may appear once. */
        IntrospectionRequest: {
            /** @description The token (a compact JWT). */
            token: string;
            /** @description Accepted and ignored (RunID issues one type of token). */
            token_type_hint?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description RFC 7662 section 2.2. */
        TokenIntrospection: components["schemas"]["InactiveToken"] | components["schemas"]["ActiveToken"];
        /** @description Not a live token of this issuer that the caller may introspect; nothing more is said. */
        InactiveToken: {
            /** @constant */
            active: false;
        };
        /** @description A live token: its claims (the standard ones and the kind's custom claims, as signed), the RFC 7662 fields, and its run's state when a run minted it. */
        ActiveToken: {
            /** @constant */
            active: true;
            iss: string;
            sub: string;
            aud: string;
            iat: number;
            nbf: number;
            exp: number;
            jti: string;
            /**
             * @description RunID tokens are JWT assertions (RFC 8693 token type identifier), not OAuth access tokens.
             * @constant
             */
            token_type: "urn:ietf:params:oauth:token-type:jwt";
            /** @description The client that minted the token (for a run's token, the run's client). */
            client_id: string;
            kind: components["schemas"]["TokenKind"];
            run?: components["schemas"]["IntrospectedRun"];
        } & {
            [key: string]: components["schemas"]["ClaimValue"];
        };
        /** @description The run that minted the token; an active token's run is always `running`. */
        IntrospectedRun: {
            id: string;
            state: components["schemas"]["RunState"];
            /** Format: date-time */
            deadline: string;
        };
        DiscoveryDocument: {
            /** @description The issuer identifier, equal to the `iss` of its tokens. */
            issuer: string;
            /** @description Where the issuer's public keys are published. */
            jwks_uri: string;
            /** @description The issuer's RFC 7662 introspection endpoint (`<issuer>/introspect`), a configured constant. */
            introspection_endpoint: string;
            response_types_supported: string[];
            subject_types_supported: string[];
            id_token_signing_alg_values_supported: string[];
            claims_supported: string[];
            scopes_supported?: string[];
        };
        Health: {
            /** @constant */
            status: "ok";
        };
        ReadinessCheck: {
            ok: boolean;
            detail?: string;
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not_ready";
            checks: {
                store: components["schemas"]["ReadinessCheck"];
                keys: components["schemas"]["ReadinessCheck"];
            };
        };
        DiscoveryReadiness: {
            /** @enum {string} */
            status: "ready" | "not_ready";
            checks: {
                keys: components["schemas"]["ReadinessCheck"];
            };
            /** @description Seconds since this replica last read the key set from the store. */
            keyViewAgeSeconds: number;
        };
    };
    responses: {
        /** @description The discovery document. */
        Discovery: {
            headers: {
                ETag: components["headers"]["ETag"];
                "Cache-Control": components["headers"]["CacheControl"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["DiscoveryDocument"];
            };
        };
        /** @description The issuer's published public keys (current, next and retiring). */
        Jwks: {
            headers: {
                ETag: components["headers"]["ETag"];
                "Cache-Control": components["headers"]["CacheControl"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["JsonWebKeySet"];
            };
        };
        /** @description The document has not changed since the `ETag` in `If-None-Match`. */
        NotModified: {
            headers: {
                ETag: components["headers"]["ETag"];
                "Cache-Control": components["headers"]["CacheControl"];
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description The token's state: exactly `{"active": false}`, or `active: true` with its claims, the client that minted it and its run's state. */
        Introspection: {
            headers: {
                "Cache-Control": components["headers"]["NoStore"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["TokenIntrospection"];
            };
        };
        /** @description The form body is malformed (`invalid_request`): no `token` or an empty one, a parameter given twice, or bytes that are not percent-encoded UTF-8. `errors` names the parameter. */
        IntrospectionBadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description An admin key (`forbidden`), a run credential (`run_credential_not_allowed`), or a client none of whose grants has `introspect: true` (`grant_denied`). */
        IntrospectionForbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not `application/x-www-form-urlencoded` (`unsupported_media_type`), or is sent with a `Content-Encoding` other than `identity` or a transfer coding other than `chunked`. */
        IntrospectionUnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request is malformed (`invalid_json`), breaks the schema (`invalid_request`: a body field, or a path or query parameter that is not strict percent-encoded UTF-8, holds NUL or an unpaired surrogate, is repeated or undeclared, or is out of range), has claims that fail validation (`invalid_claims`) or a lifetime out of range (`lifetime_out_of_range`). `errors` names each field or parameter. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No key, or a key that is unknown, disabled, revoked or expired; or a session cookie that is unknown, signed out or expired, or whose admin credential was revoked or expired (`unauthorized`). */
        Unauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WwwAuthenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The key is of the wrong type for this endpoint, or the admin credential (or the session it signed in) lacks the role the operation needs, named in `detail` (`forbidden`), the request falls outside every grant of the client (`grant_denied`, with the reason), or a call made with the session cookie lacks the CSRF defence: another `Origin`, or no `X-RunID-CSRF: 1` (`csrf_refused`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The key is of the wrong type for this endpoint (`forbidden`; a run credential: `run_credential_not_allowed`), the request falls outside every grant of the client (`grant_denied`, with the reason), the run has ended (`run_ended`), or a session cookie came without its CSRF proof (`csrf_refused`). */
        RunForbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request is malformed (`invalid_json`, `invalid_request`), a value is invalid (`invalid_claims`), the duration is outside the kind's range (`lifetime_out_of_range`), or a run token's explicit duration would outlive the run's deadline (`duration_exceeds_deadline`). Nothing was minted. */
        MintBadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No run with this id that the caller may see (`run_not_found`). */
        RunNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource (`not_found`). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request conflicts with the current state (`conflict`). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The credential is the last `admin` credential that is neither revoked nor expired (`last_admin_credential`): create another `admin` credential first. */
        LastAdminCredential: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is over 64 KiB (`payload_too_large`). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not `application/json` (`unsupported_media_type`), or is sent with a `Content-Encoding` other than `identity` (then `Accept-Encoding: identity` says what is accepted) or a transfer coding other than `chunked`. Bodies are never decompressed. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The store is unavailable (`store_unavailable`), an issuer has no signing key (`no_signing_key`): none is current, this replica's view of the key set is stale, or the requested lifetime would outlive the signing key's planned removal from the JWKS (never shortened silently; a shorter `duration` or a retry after the next key signs succeeds), or this replica is still starting (`issuer_starting`: it has bound its port and is opening the store and loading the keys; every path answers so until it is ready). Nothing was minted; retry after `Retry-After` seconds. */
        ServiceUnavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfterRequired"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description An `ETag` from an earlier answer; a match answers 304. */
        IfNoneMatch: string;
        /** @description The run's id. */
        RunId: string;
        /** @description The admin credential's id. */
        CredentialId: string;
        /** @description The client's id. */
        ClientId: string;
        /** @description The id of one of the client's keys (`ck_…`, never the key itself). */
        ClientKeyId: string;
    };
    requestBodies: {
        /** @description The token to introspect (RFC 7662 section 2.1). */
        Introspection: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["IntrospectionRequest"];
            };
        };
        /** @description The token kind and that kind's inputs. */
        TokenRequest: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
    };
    headers: {
        /** @description A strong validator of the document's bytes. */
        ETag: string;
        /** @description `public, max-age=<seconds>`, between 5 and 15 minutes. */
        CacheControl: string;
        /** @description `no-store`: the answer carries a secret or a token. */
        NoStore: string;
        /** @description Seconds after which the request may be retried. */
        RetryAfter: number;
        /** @description Seconds after which the request may be retried. Always sent with this answer. */
        RetryAfterRequired: number;
        /** @description The session cookie: `runid_session=<opaque id>; Path=/; HttpOnly; SameSite=Strict` (`__Host-` prefix and `Secure` on https), or the same with an empty value and `Max-Age=0` to clear it. */
        SessionCookie: string;
        /** @description The authentication scheme the request needs (`Bearer`). */
        WwwAuthenticate: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getDiscoveryV1: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from an earlier answer; a match answers 304. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Discovery"];
            304: components["responses"]["NotModified"];
        };
    };
    getJwksV1: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from an earlier answer; a match answers 304. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Jwks"];
            304: components["responses"]["NotModified"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getDiscoveryV2: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from an earlier answer; a match answers 304. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Discovery"];
            304: components["responses"]["NotModified"];
        };
    };
    getJwksV2: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from an earlier answer; a match answers 304. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Jwks"];
            304: components["responses"]["NotModified"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    introspectTokenV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["Introspection"];
        responses: {
            200: components["responses"]["Introspection"];
            400: components["responses"]["IntrospectionBadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["IntrospectionForbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["IntrospectionUnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    introspectTokenV2: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["Introspection"];
        responses: {
            200: components["responses"]["Introspection"];
            400: components["responses"]["IntrospectionBadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["IntrospectionForbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["IntrospectionUnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    mintToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A token request of one kind (client key), or a run token request (run credential). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["MintTokenRequest"];
            };
        };
        responses: {
            /** @description The token was minted and recorded. */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MintedToken"];
                };
            };
            400: components["responses"]["MintBadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["RunForbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    previewToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["TokenRequest"];
        responses: {
            /** @description What the token would carry, and whether its subject fits each cloud. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPreview"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session is valid; calling this counts as activity. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminSession"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session was created; the cookie is in `Set-Cookie`. */
            201: {
                headers: {
                    "Set-Cookie": components["headers"]["SessionCookie"];
                    "Cache-Control": components["headers"]["NoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminSession"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session is ended; `Set-Cookie` clears the cookie. */
            200: {
                headers: {
                    "Set-Cookie": components["headers"]["SessionCookie"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndedSession"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAdminCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credentials. Keys are never listed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminCredentialList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createAdminCredential: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAdminCredentialRequest"];
            };
        };
        responses: {
            /** @description The credential was created. `key` is shown only in this answer. */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedAdminCredential"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAdminCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The admin credential's id. */
                credentialId: components["parameters"]["CredentialId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credential (never its key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminCredential"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeAdminCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The admin credential's id. */
                credentialId: components["parameters"]["CredentialId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credential, now revoked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminCredential"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["LastAdminCredential"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    simulateTrust: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrustSimulationRequest"];
            };
        };
        responses: {
            /** @description The preview claims, the verdict (accepted, or refused with the stage, the cloud's own code and literal message, what failed and a hint) and the lint findings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustSimulation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    listClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every client, oldest first. Keys are never listed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateClientRequest"];
            };
        };
        responses: {
            /** @description The client was created. `key` is shown only in this answer. */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedClient"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description A client with this name exists (`conflict`). A disabled client keeps its name: the `detail` names it and points at `POST /api/v1/admin/clients/{clientId}/enable`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client's id. */
                clientId: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    disableClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client's id. */
                clientId: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client, now disabled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    enableClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client's id. */
                clientId: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client, now enabled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    replaceClientGrants: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client's id. */
                clientId: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplaceGrantsRequest"];
            };
        };
        responses: {
            /** @description The client with its new grants. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateClientKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client's id. */
                clientId: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RotateClientKeyRequest"];
            };
        };
        responses: {
            /** @description The new key. `key` is shown only in this answer. */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedClientKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The client holds 5 valid keys already (`conflict`). Nothing was changed. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeClientKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client's id. */
                clientId: components["parameters"]["ClientId"];
                /** @description The id of one of the client's keys (`ck_…`, never the key itself). */
                keyId: components["parameters"]["ClientKeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client, with the key revoked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every key that is or was published, newest first. Never private material. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KeyRotationRequest"];
            };
        };
        responses: {
            /** @description The rotation was committed. `keys` is the issuer's key set after it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyRotation"];
                };
            };
            /** @description The request is malformed (`invalid_json`, `invalid_request`), or lacks `"confirm": true` (`confirmation_required`: `detail` explains the consequences; nothing was changed). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description There is no next key to promote and a fresh key would exceed the JWKS limit of five keys (`conflict`); retry with `removeCompromised` or after a retired key is removed. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAudit: {
        parameters: {
            query?: {
                /** @description Exactly this token id. */
                jti?: string;
                /** @description Exactly this subject. */
                sub?: string;
                /** @description Tokens minted by this client. */
                clientId?: string;
                /** @description Tokens of this kind. */
                kind?: components["schemas"]["TokenKind"];
                /** @description Tokens minted by this run. */
                runId?: string;
                /** @description Tokens issued at or after this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400). */
                since?: string;
                /** @description Tokens issued before this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400). */
                until?: string;
                /** @description Records per page. */
                limit?: number;
                /** @description The `nextCursor` of the previous page. Anything this issuer could not have returned is 400. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of audit records. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /** @description One event type or a comma-separated list of them (`AuditEventType`); an unknown type is 400. Default: every type, `token.minted` included. */
                type?: string;
                /** @description Events of this actor id: a client (`cl_…`), an admin credential, a run (`run_…`), `rotator`, or `anonymous` (refused before authenticating). */
                actor?: string;
                /** @description Events at or after this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400). */
                since?: string;
                /** @description Events before this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400). */
                until?: string;
                /** @description Events per page. */
                limit?: number;
                /** @description The `nextCursor` of the previous page (with the same filters). Anything this issuer could not have returned is 400. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    exportAudit: {
        parameters: {
            query?: {
                /** @description Records at or after this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400). */
                since?: string;
                /** @description Records before this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400). */
                until?: string;
                /** @description `tokens`, `events`, or both comma-separated (the default). Anything else is 400. */
                kinds?: "tokens" | "events" | "tokens,events" | "events,tokens";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The records, one `AuditExportLine` per line, then the end line. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["AuditExportLine"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    createRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRunRequest"];
            };
        };
        responses: {
            /** @description The run was created and is running. `credential` is shown only here. */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedRun"];
                };
            };
            /** @description The request is malformed (`invalid_json`, `invalid_request`, `invalid_claims`) or the deadline is outside 1m–24h (`deadline_out_of_range`). Nothing was created. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["RunForbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    finishRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's id. */
                runId: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FinishRunRequest"];
            };
        };
        responses: {
            /** @description The run, now ended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["RunForbidden"];
            404: components["responses"]["RunNotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRuns: {
        parameters: {
            query?: {
                /** @description Runs in this state (`running` excludes runs past their deadline; `expired` lists them). */
                state?: components["schemas"]["RunState"];
                org?: string;
                project?: string;
                stack?: string;
                /** @description Runs per page. */
                limit?: number;
                /** @description The `nextCursor` of the previous page. Anything this issuer could not have returned is 400. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of runs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["RunForbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's id. */
                runId: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run and the audit records of the tokens it minted, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDetail"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["RunForbidden"];
            404: components["responses"]["RunNotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's id. */
                runId: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run, now revoked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["RunForbidden"];
            404: components["responses"]["RunNotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to mint. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Not ready; `checks` says which check failed. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    getDiscoveryReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve discovery and JWKS. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiscoveryReadiness"];
                };
            };
            /** @description Not ready; `checks.keys.detail` says why. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiscoveryReadiness"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            404: components["responses"]["NotFound"];
        };
    };
}
