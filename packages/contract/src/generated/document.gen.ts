// Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit by hand:
// change the YAML and run `pnpm generate`.

import type { OpenApiDocument } from '../document-type.js';

export const openapiDocument: OpenApiDocument = {
  "openapi": "3.1.0",
  "info": {
    "title": "RunID issuer API",
    "version": "0.1.0",
    "summary": "Mint short-lived, signed OIDC tokens for workload runs.",
    "description": "RunID issues a fresh, short-lived, signed OIDC token (a JWT) for every run of a workload: a\ndeployment, an environment being opened, a CI job. Clouds and any OIDC relying party exchange it for\nshort-lived credentials.\n\nTwo issuers are served, each with its own signing keys:\nthe v1 issuer (`<base>/oidc`) signs `deployment` and `environment` tokens; the v2 issuer\n(`<base>/oidc/v2`) signs `oidc` tokens with a caller-chosen audience.\n\nEvery error answer is an RFC 9457 problem document (`application/problem+json`) with a stable,\nmachine-readable `code`.\n\nHostile or ambiguous requests are refused, never guessed at: a method a path does not serve\n(`CONNECT` included) answers 405 `method_not_allowed` with `Allow` (empty for a `CONNECT` to an\nauthority); path and query parameters are percent-decoded strictly, and invalid UTF-8, NUL or\nan unpaired surrogate in any of them answers 400 `invalid_request` naming the parameter; more\nthan one `Authorization` header answers 401.\n",
    "license": {
      "name": "Apache-2.0",
      "identifier": "Apache-2.0"
    },
    "contact": {
      "name": "RunID maintainers",
      "url": "https://github.com/runid/runid"
    }
  },
  "servers": [
    {
      "url": "/",
      "description": "The issuer that serves this document (`RUNID_ISSUER_URL`; `http://localhost:8080` when started with `pnpm start`)."
    }
  ],
  "tags": [
    {
      "name": "discovery",
      "description": "OpenID Connect discovery and the public signing keys. Unauthenticated, cacheable."
    },
    {
      "name": "tokens",
      "description": "Minting and previewing tokens. Client keys."
    },
    {
      "name": "runs",
      "description": "Runs, their credentials and their end. Client keys and run credentials."
    },
    {
      "name": "trust",
      "description": "Would a cloud accept a token? The trust configuration of AWS, Azure, Google Cloud and Vault simulated and linted against the claims a token request would carry. Client or admin keys."
    },
    {
      "name": "admin",
      "description": "Clients, grants, keys, audit, admin credentials and console sessions. An admin credential (`Authorization: Bearer`) whose role allows the operation (`auditor`: read-only), or the session cookie `POST /api/v1/admin/session` sets. With the cookie, every call other than GET and HEAD also needs `Origin` equal to the issuer's own origin and the header `X-RunID-CSRF: 1`, else 403 `csrf_refused`."
    },
    {
      "name": "operations",
      "description": "Health, readiness and metrics for operators."
    }
  ],
  "security": [],
  "paths": {
    "/oidc/.well-known/openid-configuration": {
      "get": {
        "tags": [
          "discovery"
        ],
        "operationId": "getDiscoveryV1",
        "summary": "Discovery document of the v1 issuer",
        "description": "The OpenID Connect discovery document of the v1 issuer (`deployment` and `environment` tokens). Its `issuer` and `jwks_uri` are configured constants: request headers never change them.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfNoneMatch"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Discovery"
          },
          "304": {
            "$ref": "#/components/responses/NotModified"
          }
        }
      }
    },
    "/oidc/.well-known/jwks": {
      "get": {
        "tags": [
          "discovery"
        ],
        "operationId": "getJwksV1",
        "summary": "Public signing keys of the v1 issuer",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfNoneMatch"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Jwks"
          },
          "304": {
            "$ref": "#/components/responses/NotModified"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/oidc/v2/.well-known/openid-configuration": {
      "get": {
        "tags": [
          "discovery"
        ],
        "operationId": "getDiscoveryV2",
        "summary": "Discovery document of the v2 issuer",
        "description": "The OpenID Connect discovery document of the v2 issuer (`oidc` tokens).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfNoneMatch"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Discovery"
          },
          "304": {
            "$ref": "#/components/responses/NotModified"
          }
        }
      }
    },
    "/oidc/v2/.well-known/jwks": {
      "get": {
        "tags": [
          "discovery"
        ],
        "operationId": "getJwksV2",
        "summary": "Public signing keys of the v2 issuer",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfNoneMatch"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/Jwks"
          },
          "304": {
            "$ref": "#/components/responses/NotModified"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/oidc/introspect": {
      "post": {
        "tags": [
          "discovery"
        ],
        "operationId": "introspectTokenV1",
        "summary": "Introspect a token of the v1 issuer (RFC 7662)",
        "description": "Is this token live? RFC 7662 token introspection for the v1 issuer (`<base>/oidc`), advertised as `introspection_endpoint` in its discovery document. The body is `application/x-www-form-urlencoded` with `token` (and an optional `token_type_hint`, ignored). Callable with a client key one of whose grants has `introspect: true`; a client with no such grant answers 403 `grant_denied`, an admin key 403 `forbidden`, a run credential 403 `run_credential_not_allowed`. The answer is `active: true` only for a token this issuer signed (with a key of its JWKS, retired-but-published keys included) whose `iss` is this issuer (a token of the other issuer is inactive here), that has not expired, whose audit record exists and whose run, if it has one, is still running before its deadline; and only when an introspecting grant of the caller covers the token's org. Any other token — not a JWT, signed by anyone else, expired, of a finished, expired or revoked run, or of an org no introspecting grant covers — answers exactly `{\"active\": false}`, so the answer never tells which check failed or that the token exists.",
        "security": [
          {
            "clientKey": []
          }
        ],
        "requestBody": {
          "$ref": "#/components/requestBodies/Introspection"
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Introspection"
          },
          "400": {
            "$ref": "#/components/responses/IntrospectionBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/IntrospectionForbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/IntrospectionUnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/oidc/v2/introspect": {
      "post": {
        "tags": [
          "discovery"
        ],
        "operationId": "introspectTokenV2",
        "summary": "Introspect a token of the v2 issuer (RFC 7662)",
        "description": "Is this token live? RFC 7662 token introspection for the v2 issuer (`<base>/oidc/v2`), advertised as `introspection_endpoint` in its discovery document. The body is `application/x-www-form-urlencoded` with `token` (and an optional `token_type_hint`, ignored). Callable with a client key one of whose grants has `introspect: true`; a client with no such grant answers 403 `grant_denied`, an admin key 403 `forbidden`, a run credential 403 `run_credential_not_allowed`. The answer is `active: true` only for a token this issuer signed (with a key of its JWKS, retired-but-published keys included) whose `iss` is this issuer (a token of the other issuer is inactive here), that has not expired, whose audit record exists and whose run, if it has one, is still running before its deadline; and only when an introspecting grant of the caller covers the token's org. Any other token — not a JWT, signed by anyone else, expired, of a finished, expired or revoked run, or of an org no introspecting grant covers — answers exactly `{\"active\": false}`, so the answer never tells which check failed or that the token exists.",
        "security": [
          {
            "clientKey": []
          }
        ],
        "requestBody": {
          "$ref": "#/components/requestBodies/Introspection"
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Introspection"
          },
          "400": {
            "$ref": "#/components/responses/IntrospectionBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/IntrospectionForbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/IntrospectionUnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/tokens": {
      "post": {
        "tags": [
          "tokens"
        ],
        "operationId": "mintToken",
        "summary": "Mint one token for one run",
        "description": "Mints one signed token. With a client key the body is a token request of one kind (`TokenRequest`): the kind selects the issuer (`deployment` and `environment` → v1, `oidc` → v2) and the request must fall inside one of the client's grants. With a run credential the body is a `RunTokenRequest`: the identity is the run's, and the body chooses only what the run leaves open (`platform` or `audience` within the run's lists, `duration`, `subjectAttributes`); the token carries a `run_id` claim and never expires after the run's deadline (the default duration shrinks to fit; an explicit one past it is 400 `duration_exceeds_deadline`); a run that has ended answers 403 `run_ended`, checked in the transaction that writes the token's audit record. The audit record is written before the token is returned; when the store is unavailable the answer is 503 with `Retry-After` and no token is issued.",
        "security": [
          {
            "clientKey": []
          },
          {
            "runCredential": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "A token request of one kind (client key), or a run token request (run credential).",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MintTokenRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The token was minted and recorded.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/NoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MintedToken"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/MintBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/RunForbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/tokens/preview": {
      "post": {
        "tags": [
          "tokens"
        ],
        "operationId": "previewToken",
        "summary": "Preview the claims a token would carry",
        "description": "Takes the same body as minting and answers with the claims the token would carry (`iss`, `sub`, `aud` and the custom claims; no `iat`, `nbf`, `exp` or `jti`). Signs nothing and records nothing. Operators use it to write trust policies. A client key is checked against its grants; an admin key may preview anything.",
        "security": [
          {
            "clientKey": []
          },
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "requestBody": {
          "$ref": "#/components/requestBodies/TokenRequest"
        },
        "responses": {
          "200": {
            "description": "What the token would carry, and whether its subject fits each cloud.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TokenPreview"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          }
        }
      }
    },
    "/api/v1/admin/session": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "createSession",
        "summary": "Sign in to the console (exchange an admin key for a session)",
        "description": "Exchanges the admin key in `Authorization: Bearer` for a server-side session and sets it as the cookie `runid_session` (`__Host-runid_session` when the issuer URL is https): `HttpOnly; SameSite=Strict; Path=/`, plus `Secure` on https. The key itself is never put in the cookie or stored by the browser. The session ends after `RUNID_SESSION_IDLE_TIMEOUT` without a call, after `RUNID_SESSION_ABSOLUTE_TIMEOUT` in any case, or at sign-out. A request whose `Origin` is another origin is refused with 403 `csrf_refused`.",
        "security": [
          {
            "adminKey": []
          }
        ],
        "responses": {
          "201": {
            "description": "The session was created; the cookie is in `Set-Cookie`.",
            "headers": {
              "Set-Cookie": {
                "$ref": "#/components/headers/SessionCookie"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/NoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminSession"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "getSession",
        "summary": "The current console session",
        "description": "The session the cookie names, with its timeouts. A missing, unknown, signed-out or expired session answers 401 `unauthorized`.",
        "security": [
          {
            "adminSession": []
          }
        ],
        "responses": {
          "200": {
            "description": "The session is valid; calling this counts as activity.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminSession"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "tags": [
          "admin"
        ],
        "operationId": "deleteSession",
        "summary": "Sign out of the console",
        "description": "Ends the session in the store, so every replica refuses its cookie from then on, and clears the cookie. Needs the CSRF defence like every cookie call that changes state.",
        "security": [
          {
            "adminSession": []
          }
        ],
        "responses": {
          "200": {
            "description": "The session is ended; `Set-Cookie` clears the cookie.",
            "headers": {
              "Set-Cookie": {
                "$ref": "#/components/headers/SessionCookie"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EndedSession"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/credentials": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "createAdminCredential",
        "summary": "Create an admin credential with a role",
        "description": "Creates an admin credential (`rid_admin_…`) with a role: `admin` administers everything, `auditor` only reads (clients, keys, runs, audit, credentials). The answer carries the key: it is shown this once and stored only as a hash. `expiresIn` (a duration like `30d`, `12h`, 1m to 3650d) or `expiresAt` (a time in the next 3650 days), not both, makes it end by itself; without either it lasts until revoked. The name is unique among the credentials that are active (409 `conflict`; an expired credential holding the name is revoked to free it). Needs the `admin` role.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateAdminCredentialRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The credential was created. `key` is shown only in this answer.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/NoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedAdminCredential"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "listAdminCredentials",
        "summary": "List the admin credentials",
        "description": "Every admin credential, the bootstrap one included, revoked ones too, oldest first.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "responses": {
          "200": {
            "description": "The credentials. Keys are never listed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminCredentialList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/credentials/{credentialId}": {
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "getAdminCredential",
        "summary": "Read one admin credential",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CredentialId"
          }
        ],
        "responses": {
          "200": {
            "description": "The credential (never its key).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminCredential"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/credentials/{credentialId}/revoke": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "revokeAdminCredential",
        "summary": "Revoke an admin credential",
        "description": "Revokes the credential at once: its key answers 401 from then on and its console sessions end, on every replica within 1 s. Permanent and idempotent (a revoked credential answers 200 unchanged); its name is free again. Revoking the last `admin` credential that is neither revoked nor expired is refused with 409 `last_admin_credential`, so the issuer always keeps one way in. Needs the `admin` role.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CredentialId"
          }
        ],
        "responses": {
          "200": {
            "description": "The credential, now revoked.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminCredential"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/LastAdminCredential"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/trust/simulate": {
      "post": {
        "tags": [
          "trust"
        ],
        "operationId": "simulateTrust",
        "summary": "Simulate a cloud's trust configuration against the claims of a token request",
        "description": "Takes a token request under `token` (exactly the body of `previewToken`), one relying party's trust configuration under `relyingParty` (the JSON its own CLI prints), an optional exchange time `at` and requested session `duration`, and answers the claims the token would carry, the relying party's verdict and the lint findings (rules L1–L24) of the configuration: the verdict `runid trust simulate --json` prints for that token and those files, and the findings of `runid trust lint --json --issuer <the token's iss>` plus what the request adds (the session `duration`, the token's lifetime and session tags). The token is simulated as a mint now would sign it (`iat` = `nbf` = now, `exp` = now plus its lifetime, a fresh `jti`) and exchanged at `at`; it is never signed or recorded. A refusal is a 200 whose `verdict.accepted` is false. A client key may only simulate tokens its grants cover (403 `grant_denied`, as for the preview); an admin key may simulate anything, and so may the console's session cookie. Relying-party input the cloud could not hold (a missing field, a wrong type, a trust policy IAM would refuse as malformed) is 400 `invalid_request` with one `errors` entry per problem, its `path` naming the field in this body (`relyingParty.aws.trustPolicy.Statement[0]`). Nothing is fetched from the clouds.",
        "security": [
          {
            "clientKey": []
          },
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TrustSimulationRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The preview claims, the verdict (accepted, or refused with the stage, the cloud's own code and literal message, what failed and a hint) and the lint findings.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TrustSimulation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          }
        }
      }
    },
    "/api/v1/admin/clients": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "createClient",
        "summary": "Create an API client with grants",
        "description": "Creates a client that may mint tokens inside its grants. The answer carries the client's key: it is shown this once and stored only as a hash.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateClientRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The client was created. `key` is shown only in this answer.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/NoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedClient"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "description": "A client with this name exists (`conflict`). A disabled client keeps its name: the `detail` names it and points at `POST /api/v1/admin/clients/{clientId}/enable`.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "listClients",
        "summary": "List API clients",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "responses": {
          "200": {
            "description": "Every client, oldest first. Keys are never listed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ClientList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/clients/{clientId}": {
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "getClient",
        "summary": "Read one API client",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/ClientId"
          }
        ],
        "responses": {
          "200": {
            "description": "The client.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Client"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/clients/{clientId}/disable": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "disableClient",
        "summary": "Disable an API client",
        "description": "Disables the client at once: its keys are refused from then on (on every replica within the store's bound, see `enableClient`). Idempotent; the client stays listed for the audit trail and keeps its name until it is re-enabled (`POST …/enable`).",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/ClientId"
          }
        ],
        "responses": {
          "200": {
            "description": "The client, now disabled.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Client"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/clients/{clientId}/enable": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "enableClient",
        "summary": "Re-enable a disabled API client",
        "description": "Re-enables a disabled client with its name, grants and keys (keys that expired or were revoked meanwhile stay refused; rotate to issue a new one). A disabled client keeps its name, so re-enabling is how a name is reused. Idempotent: enabling an enabled client changes nothing.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/ClientId"
          }
        ],
        "responses": {
          "200": {
            "description": "The client, now enabled.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Client"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/clients/{clientId}/grants": {
      "put": {
        "tags": [
          "admin"
        ],
        "operationId": "replaceClientGrants",
        "summary": "Replace an API client's grants",
        "description": "Replaces the client's grants as a whole (validated like creation). Takes effect at once on the replica that answers and within a second on the others (PostgreSQL: NOTIFY, and a cache bounded to one second). Tokens minted before keep their claims until they expire.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/ClientId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReplaceGrantsRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The client with its new grants.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Client"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/clients/{clientId}/keys": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "rotateClientKey",
        "summary": "Issue a new client key; the old ones expire after an overlap",
        "description": "Issues a new key for the client (shown this once, stored only as a hash) and sets every key still valid to expire after `overlap` (default 24h; `0` ends them at once; at most 720h). A key that expires sooner keeps its earlier expiry. A client holds at most 5 valid keys: a rotation beyond that answers 409 (revoke one, or rotate with a shorter overlap once they expire). Also allowed on a disabled client, so a leaked key can be replaced before it is re-enabled.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/ClientId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RotateClientKeyRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new key. `key` is shown only in this answer.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/NoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RotatedClientKey"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "The client holds 5 valid keys already (`conflict`). Nothing was changed.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/clients/{clientId}/keys/{keyId}/revoke": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "revokeClientKey",
        "summary": "Revoke one client key at once",
        "description": "Refuses the key from now on (on every replica within the store's bound). Idempotent: the first revocation time is kept. The client's other keys are unaffected.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/ClientId"
          },
          {
            "$ref": "#/components/parameters/ClientKeyId"
          }
        ],
        "responses": {
          "200": {
            "description": "The client, with the key revoked.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Client"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/keys": {
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "listKeys",
        "summary": "List the signing keys of both issuers",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "responses": {
          "200": {
            "description": "Every key that is or was published, newest first. Never private material.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/KeyList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/keys/rotate": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "rotateKeys",
        "summary": "Emergency rotation of one issuer's signing key",
        "description": "Promotes the issuer's published next key at once (or a freshly generated key when there is none), retires the old signing key (or, with `removeCompromised`, removes it from the JWKS immediately) and publishes a fresh next key, all in one transaction. Relying parties whose cached JWKS predates the promoted key reject new tokens until they refetch, and a removed key stays trusted wherever the JWKS is still cached. Without `\"confirm\": true` nothing changes: the answer is 400 `confirmation_required` whose `detail` lists these consequences for the current key set.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/KeyRotationRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The rotation was committed. `keys` is the issuer's key set after it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/KeyRotation"
                }
              }
            }
          },
          "400": {
            "description": "The request is malformed (`invalid_json`, `invalid_request`), or lacks `\"confirm\": true` (`confirmation_required`: `detail` explains the consequences; nothing was changed).",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "description": "There is no next key to promote and a fresh key would exceed the JWKS limit of five keys (`conflict`); retry with `removeCompromised` or after a retired key is removed.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/audit": {
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "listAudit",
        "summary": "Query the audit trail of minted tokens",
        "description": "Audit records of minted tokens, newest first, filtered by any combination of the parameters and paginated with an opaque cursor.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "name": "jti",
            "in": "query",
            "required": false,
            "description": "Exactly this token id.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            }
          },
          {
            "name": "sub",
            "in": "query",
            "required": false,
            "description": "Exactly this subject.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 1000
            }
          },
          {
            "name": "clientId",
            "in": "query",
            "required": false,
            "description": "Tokens minted by this client.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            }
          },
          {
            "name": "kind",
            "in": "query",
            "required": false,
            "description": "Tokens of this kind.",
            "schema": {
              "$ref": "#/components/schemas/TokenKind"
            }
          },
          {
            "name": "runId",
            "in": "query",
            "required": false,
            "description": "Tokens minted by this run.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            }
          },
          {
            "name": "since",
            "in": "query",
            "required": false,
            "description": "Tokens issued at or after this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "until",
            "in": "query",
            "required": false,
            "description": "Tokens issued before this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Records per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500,
              "default": 50
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `nextCursor` of the previous page. Anything this issuer could not have returned is 400.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 500
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of audit records.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/audit/events": {
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "listAuditEvents",
        "summary": "Query the audit trail's events by type",
        "description": "Every security-relevant event, newest first: refused mints with their reason code, clients created and disabled, key transitions and emergency rotations, console sign-ins and refused sign-ins, runs created, finished and revoked — and, as `token.minted`, the minted tokens' records. Filtered by type, actor and time; paginated with an opaque cursor. Refusals are recorded best effort (queued, never slowing the refusal); everything else is committed before its action answers.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "name": "type",
            "in": "query",
            "required": false,
            "description": "One event type or a comma-separated list of them (`AuditEventType`); an unknown type is 400. Default: every type, `token.minted` included.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 1000
            }
          },
          {
            "name": "actor",
            "in": "query",
            "required": false,
            "description": "Events of this actor id: a client (`cl_…`), an admin credential, a run (`run_…`), `rotator`, or `anonymous` (refused before authenticating).",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            }
          },
          {
            "name": "since",
            "in": "query",
            "required": false,
            "description": "Events at or after this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "until",
            "in": "query",
            "required": false,
            "description": "Events before this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Events per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500,
              "default": 50
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `nextCursor` of the previous page (with the same filters). Anything this issuer could not have returned is 400.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 500
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of events.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditEventPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/audit/export": {
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "exportAudit",
        "summary": "Export the audit trail as NDJSON",
        "description": "The minted tokens' records and the events, oldest first, one JSON object per line (`application/x-ndjson`, streamed: read page by page from the store, so memory stays bounded whatever the range). Each line is an `AuditExportLine`; the last line is `{\"recordType\":\"end\",\"count\":N}` — an export without it was cut short (the store failed part-way; the status was already 200) and should be retried.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "name": "since",
            "in": "query",
            "required": false,
            "description": "Records at or after this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "until",
            "in": "query",
            "required": false,
            "description": "Records before this time (RFC 3339, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; outside is 400).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "kinds",
            "in": "query",
            "required": false,
            "description": "`tokens`, `events`, or both comma-separated (the default). Anything else is 400.",
            "schema": {
              "type": "string",
              "enum": [
                "tokens",
                "events",
                "tokens,events",
                "events,tokens"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The records, one `AuditExportLine` per line, then the end line.",
            "content": {
              "application/x-ndjson": {
                "schema": {
                  "$ref": "#/components/schemas/AuditExportLine"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/livez": {
      "get": {
        "tags": [
          "operations"
        ],
        "operationId": "getLiveness",
        "summary": "Liveness",
        "description": "Answers 200 while the process is alive and its event loop answers; checks nothing else (never the store). For a liveness probe: restarting a replica because PostgreSQL is down would not help.",
        "responses": {
          "200": {
            "description": "The process is alive.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/runs": {
      "post": {
        "tags": [
          "runs"
        ],
        "operationId": "createRun",
        "summary": "Start a run",
        "description": "Starts a run: the token identity of one kind, a deadline (default 1h, at most 24h) and optionally the audiences (`oidc`) or platforms (`environment`) its tokens may carry, all inside the calling client's grants. For a `deployment` identity without `deployment`, the issuer assigns the next number for that org/project/stack (unique across replicas); a number already used by another run of that stack answers 409. The answer carries the run credential (`rid_run_…`): shown this once, stored only as a hash. Only client keys may create runs; a run credential answers 403 `run_credential_not_allowed`.",
        "security": [
          {
            "clientKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateRunRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The run was created and is running. `credential` is shown only here.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/NoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedRun"
                }
              }
            }
          },
          "400": {
            "description": "The request is malformed (`invalid_json`, `invalid_request`, `invalid_claims`) or the deadline is outside 1m–24h (`deadline_out_of_range`). Nothing was created.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/RunForbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/runs/{runId}/finish": {
      "post": {
        "tags": [
          "runs"
        ],
        "operationId": "finishRun",
        "summary": "Finish a run with its outcome",
        "description": "Ends the run: from then on its credential mints nothing, on every replica. Callable with the run's own credential or the key of the client that created it; any other run or client answers 404 `run_not_found`. A run that has ended already (finished, past its deadline or revoked) answers 403 `run_ended`.",
        "security": [
          {
            "runCredential": []
          },
          {
            "clientKey": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RunId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/FinishRunRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The run, now ended.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Run"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/RunForbidden"
          },
          "404": {
            "$ref": "#/components/responses/RunNotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/runs": {
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "listRuns",
        "summary": "List runs",
        "description": "Runs, newest first, filtered by state, org, project and stack, paginated with an opaque cursor.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "name": "state",
            "in": "query",
            "required": false,
            "description": "Runs in this state (`running` excludes runs past their deadline; `expired` lists them).",
            "schema": {
              "$ref": "#/components/schemas/RunState"
            }
          },
          {
            "name": "org",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 64
            }
          },
          {
            "name": "project",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100
            }
          },
          {
            "name": "stack",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Runs per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500,
              "default": 50
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `nextCursor` of the previous page. Anything this issuer could not have returned is 400.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 500
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of runs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RunPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/RunForbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/runs/{runId}": {
      "get": {
        "tags": [
          "admin"
        ],
        "operationId": "getRun",
        "summary": "Read one run with its tokens",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RunId"
          }
        ],
        "responses": {
          "200": {
            "description": "The run and the audit records of the tokens it minted, newest first.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RunDetail"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/RunForbidden"
          },
          "404": {
            "$ref": "#/components/responses/RunNotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/admin/runs/{runId}/revoke": {
      "post": {
        "tags": [
          "admin"
        ],
        "operationId": "revokeRun",
        "summary": "Revoke a run and every token it minted",
        "description": "Ends the run (state `revoked`) and marks every token it minted revoked. Idempotent: a run revoked already answers 200 unchanged; a run that ended otherwise becomes `revoked`.",
        "security": [
          {
            "adminKey": []
          },
          {
            "adminSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RunId"
          }
        ],
        "responses": {
          "200": {
            "description": "The run, now revoked.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Run"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/RunForbidden"
          },
          "404": {
            "$ref": "#/components/responses/RunNotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/healthz": {
      "get": {
        "tags": [
          "operations"
        ],
        "operationId": "getHealth",
        "summary": "Liveness (alias of /livez)",
        "description": "The same answer as `/livez`, kept for existing probes and the Docker `HEALTHCHECK`.",
        "responses": {
          "200": {
            "description": "The process is alive.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "tags": [
          "operations"
        ],
        "operationId": "getReadiness",
        "summary": "Readiness to mint",
        "description": "Ready to mint: the store answers and each issuer has a signing key. The store check is bounded (750 ms) and shared by concurrent probes, so the answer never hangs. Route `POST /api/v1/tokens` and the admin API by this one.",
        "responses": {
          "200": {
            "description": "Ready to mint.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Readiness"
                }
              }
            }
          },
          "503": {
            "description": "Not ready; `checks` says which check failed.",
            "headers": {
              "Retry-After": {
                "$ref": "#/components/headers/RetryAfter"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Readiness"
                }
              }
            }
          }
        }
      }
    },
    "/readyz/discovery": {
      "get": {
        "tags": [
          "operations"
        ],
        "operationId": "getDiscoveryReadiness",
        "summary": "Readiness to serve discovery and JWKS",
        "description": "Ready to serve the discovery documents and the JWKS, which answer from memory: true while the key set is loaded, also when the store is down, until the view is older than `RUNID_PUBLISH_LEAD` − `RUNID_JWKS_MAX_AGE` (it might then lack a key published since). Route `/oidc/…/.well-known/*` by this one, so a store outage does not take discovery out.",
        "responses": {
          "200": {
            "description": "Ready to serve discovery and JWKS.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DiscoveryReadiness"
                }
              }
            }
          },
          "503": {
            "description": "Not ready; `checks.keys.detail` says why.",
            "headers": {
              "Retry-After": {
                "$ref": "#/components/headers/RetryAfter"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DiscoveryReadiness"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "tags": [
          "operations"
        ],
        "operationId": "getMetrics",
        "summary": "Prometheus metrics",
        "description": "The Prometheus text exposition: prom-client's default process and Node.js metrics, tokens minted by kind and outcome, mint latency, HTTP request latency, store operation latency and errors, audit queue depth, signing key age and key-view age. With `RUNID_METRICS_PORT` it is served on that port only, and the public port answers 404.",
        "responses": {
          "200": {
            "description": "The metrics.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "clientKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "A client key (created with `POST /api/v1/admin/clients`). Mints within its grants."
      },
      "adminKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "An admin credential (`rid_admin_…`): the bootstrap credential (`RUNID_BOOTSTRAP_ADMIN_KEY`, or the key printed on first start; named `bootstrap`, role `admin`) or one created with `POST /api/v1/admin/credentials`. Its role (`admin` or the read-only `auditor`) decides what it may do; cannot mint."
      },
      "adminSession": {
        "type": "apiKey",
        "in": "cookie",
        "name": "runid_session",
        "description": "The console's session cookie, set by `POST /api/v1/admin/session` (`__Host-runid_session` when the issuer URL is https). Acts as the admin credential that created it, with its role. Calls other than GET and HEAD also need `Origin` equal to the issuer's origin and `X-RunID-CSRF: 1`."
      },
      "runCredential": {
        "type": "http",
        "scheme": "bearer",
        "description": "A run credential (`rid_run_…`, from `POST /api/v1/runs`). Mints the run's tokens and finishes it; refused everywhere else (403 `run_credential_not_allowed`)."
      }
    },
    "parameters": {
      "IfNoneMatch": {
        "name": "If-None-Match",
        "in": "header",
        "required": false,
        "description": "An `ETag` from an earlier answer; a match answers 304.",
        "schema": {
          "type": "string",
          "maxLength": 1000
        }
      },
      "RunId": {
        "name": "runId",
        "in": "path",
        "required": true,
        "description": "The run's id.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        }
      },
      "CredentialId": {
        "name": "credentialId",
        "in": "path",
        "required": true,
        "description": "The admin credential's id.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        }
      },
      "ClientId": {
        "name": "clientId",
        "in": "path",
        "required": true,
        "description": "The client's id.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        }
      },
      "ClientKeyId": {
        "name": "keyId",
        "in": "path",
        "required": true,
        "description": "The id of one of the client's keys (`ck_…`, never the key itself).",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        }
      }
    },
    "headers": {
      "ETag": {
        "description": "A strong validator of the document's bytes.",
        "schema": {
          "type": "string"
        }
      },
      "CacheControl": {
        "description": "`public, max-age=<seconds>`, between 5 and 15 minutes.",
        "schema": {
          "type": "string"
        }
      },
      "NoStore": {
        "description": "`no-store`: the answer carries a secret or a token.",
        "schema": {
          "type": "string"
        }
      },
      "RetryAfter": {
        "description": "Seconds after which the request may be retried.",
        "schema": {
          "type": "integer",
          "minimum": 0
        }
      },
      "RetryAfterRequired": {
        "description": "Seconds after which the request may be retried. Always sent with this answer.",
        "required": true,
        "schema": {
          "type": "integer",
          "minimum": 0
        }
      },
      "SessionCookie": {
        "description": "The session cookie: `runid_session=<opaque id>; Path=/; HttpOnly; SameSite=Strict` (`__Host-` prefix and `Secure` on https), or the same with an empty value and `Max-Age=0` to clear it.",
        "schema": {
          "type": "string"
        }
      },
      "WwwAuthenticate": {
        "description": "The authentication scheme the request needs (`Bearer`).",
        "schema": {
          "type": "string"
        }
      }
    },
    "requestBodies": {
      "Introspection": {
        "required": true,
        "description": "The token to introspect (RFC 7662 section 2.1).",
        "content": {
          "application/x-www-form-urlencoded": {
            "schema": {
              "$ref": "#/components/schemas/IntrospectionRequest"
            }
          }
        }
      },
      "TokenRequest": {
        "required": true,
        "description": "The token kind and that kind's inputs.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/TokenRequest"
            }
          }
        }
      }
    },
    "responses": {
      "Discovery": {
        "description": "The discovery document.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          },
          "Cache-Control": {
            "$ref": "#/components/headers/CacheControl"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/DiscoveryDocument"
            }
          }
        }
      },
      "Jwks": {
        "description": "The issuer's published public keys (current, next and retiring).",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          },
          "Cache-Control": {
            "$ref": "#/components/headers/CacheControl"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/JsonWebKeySet"
            }
          }
        }
      },
      "NotModified": {
        "description": "The document has not changed since the `ETag` in `If-None-Match`.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          },
          "Cache-Control": {
            "$ref": "#/components/headers/CacheControl"
          }
        }
      },
      "Introspection": {
        "description": "The token's state: exactly `{\"active\": false}`, or `active: true` with its claims, the client that minted it and its run's state.",
        "headers": {
          "Cache-Control": {
            "$ref": "#/components/headers/NoStore"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/TokenIntrospection"
            }
          }
        }
      },
      "IntrospectionBadRequest": {
        "description": "The form body is malformed (`invalid_request`): no `token` or an empty one, a parameter given twice, or bytes that are not percent-encoded UTF-8. `errors` names the parameter.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "IntrospectionForbidden": {
        "description": "An admin key (`forbidden`), a run credential (`run_credential_not_allowed`), or a client none of whose grants has `introspect: true` (`grant_denied`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "IntrospectionUnsupportedMediaType": {
        "description": "The body is not `application/x-www-form-urlencoded` (`unsupported_media_type`), or is sent with a `Content-Encoding` other than `identity` or a transfer coding other than `chunked`.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "BadRequest": {
        "description": "The request is malformed (`invalid_json`), breaks the schema (`invalid_request`: a body field, or a path or query parameter that is not strict percent-encoded UTF-8, holds NUL or an unpaired surrogate, is repeated or undeclared, or is out of range), has claims that fail validation (`invalid_claims`) or a lifetime out of range (`lifetime_out_of_range`). `errors` names each field or parameter.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No key, or a key that is unknown, disabled, revoked or expired; or a session cookie that is unknown, signed out or expired, or whose admin credential was revoked or expired (`unauthorized`).",
        "headers": {
          "WWW-Authenticate": {
            "$ref": "#/components/headers/WwwAuthenticate"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The key is of the wrong type for this endpoint, or the admin credential (or the session it signed in) lacks the role the operation needs, named in `detail` (`forbidden`), the request falls outside every grant of the client (`grant_denied`, with the reason), or a call made with the session cookie lacks the CSRF defence: another `Origin`, or no `X-RunID-CSRF: 1` (`csrf_refused`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "RunForbidden": {
        "description": "The key is of the wrong type for this endpoint (`forbidden`; a run credential: `run_credential_not_allowed`), the request falls outside every grant of the client (`grant_denied`, with the reason), the run has ended (`run_ended`), or a session cookie came without its CSRF proof (`csrf_refused`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "MintBadRequest": {
        "description": "The request is malformed (`invalid_json`, `invalid_request`), a value is invalid (`invalid_claims`), the duration is outside the kind's range (`lifetime_out_of_range`), or a run token's explicit duration would outlive the run's deadline (`duration_exceeds_deadline`). Nothing was minted.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "RunNotFound": {
        "description": "No run with this id that the caller may see (`run_not_found`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such resource (`not_found`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Conflict": {
        "description": "The request conflicts with the current state (`conflict`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "LastAdminCredential": {
        "description": "The credential is the last `admin` credential that is neither revoked nor expired (`last_admin_credential`): create another `admin` credential first.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The body is over 64 KiB (`payload_too_large`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The body is not `application/json` (`unsupported_media_type`), or is sent with a `Content-Encoding` other than `identity` (then `Accept-Encoding: identity` says what is accepted) or a transfer coding other than `chunked`. Bodies are never decompressed.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "ServiceUnavailable": {
        "description": "The store is unavailable (`store_unavailable`), an issuer has no signing key (`no_signing_key`): none is current, this replica's view of the key set is stale, or the requested lifetime would outlive the signing key's planned removal from the JWKS (never shortened silently; a shorter `duration` or a retry after the next key signs succeeds), or this replica is still starting (`issuer_starting`: it has bound its port and is opening the store and loading the keys; every path answers so until it is ready). Nothing was minted; retry after `Retry-After` seconds.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfterRequired"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      }
    },
    "schemas": {
      "Problem": {
        "type": "object",
        "description": "An RFC 9457 problem document. `code` is stable and machine-readable.",
        "required": [
          "type",
          "title",
          "status",
          "code",
          "detail"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "type": "string",
            "description": "A URI naming the problem type (`https://runid.dev/problems/<code>`)."
          },
          "title": {
            "type": "string",
            "description": "A short summary of the problem type."
          },
          "status": {
            "type": "integer",
            "minimum": 400,
            "maximum": 599
          },
          "code": {
            "$ref": "#/components/schemas/ErrorCode"
          },
          "detail": {
            "type": "string",
            "description": "What went wrong and what to fix. Never contains a token, key or secret."
          },
          "instance": {
            "type": "string",
            "description": "The request path."
          },
          "requestId": {
            "type": "string",
            "description": "The id of the request, also in the `X-Request-Id` header and the logs."
          },
          "errors": {
            "type": "array",
            "description": "One entry per field that is wrong.",
            "items": {
              "$ref": "#/components/schemas/FieldError"
            }
          }
        }
      },
      "FieldError": {
        "type": "object",
        "required": [
          "path",
          "code",
          "message"
        ],
        "additionalProperties": false,
        "properties": {
          "path": {
            "type": "string",
            "description": "The field, as a dotted path (`currentEnvironment.name`); empty for the whole body."
          },
          "code": {
            "type": "string",
            "description": "What is wrong (`required`, `invalid_type`, `unknown_field`, `invalid_characters`, …)."
          },
          "message": {
            "type": "string",
            "description": "What is wrong and what is allowed."
          }
        }
      },
      "ErrorCode": {
        "type": "string",
        "description": "The stable, machine-readable error code.",
        "enum": [
          "invalid_json",
          "invalid_request",
          "invalid_claims",
          "lifetime_out_of_range",
          "payload_too_large",
          "unsupported_media_type",
          "unauthorized",
          "forbidden",
          "grant_denied",
          "not_found",
          "method_not_allowed",
          "conflict",
          "confirmation_required",
          "csrf_refused",
          "store_unavailable",
          "no_signing_key",
          "internal_error",
          "run_not_found",
          "run_ended",
          "run_credential_not_allowed",
          "deadline_out_of_range",
          "duration_exceeds_deadline",
          "last_admin_credential",
          "issuer_starting"
        ]
      },
      "RunState": {
        "type": "string",
        "description": "`running`: may mint. `succeeded`, `failed`, `cancelled`: finished with that outcome. `expired`: its deadline passed before it was finished. `revoked`: ended by an admin, its tokens revoked.",
        "enum": [
          "running",
          "succeeded",
          "failed",
          "cancelled",
          "expired",
          "revoked"
        ]
      },
      "RunOutcome": {
        "type": "string",
        "enum": [
          "succeeded",
          "failed",
          "cancelled"
        ]
      },
      "RunDeadline": {
        "type": "string",
        "description": "How long the run may mint, like `2h` or `90m`: 1m–24h, default 1h. Outside the range is 400 `deadline_out_of_range`, never clamped.",
        "pattern": "^(?!(?:0h)?(?:0m)?(?:0s)?$)(?:(?:0|[1-9][0-9]{0,5})h)?(?:(?:0|[1-9][0-9]{0,5})m)?(?:(?:0|[1-9][0-9]{0,5})s)?$",
        "minLength": 2,
        "maxLength": 21
      },
      "RunIdentity": {
        "description": "The identity every token of the run carries: a token request of one kind without `duration`. `deployment` may be left out of a deployment identity (the issuer assigns the next number); `platform` and `audience` are chosen per token within the run's lists.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/DeploymentRunIdentity"
          },
          {
            "$ref": "#/components/schemas/EnvironmentRunIdentity"
          },
          {
            "$ref": "#/components/schemas/OidcRunIdentity"
          }
        ],
        "discriminator": {
          "propertyName": "kind",
          "mapping": {
            "deployment": "#/components/schemas/DeploymentRunIdentity",
            "environment": "#/components/schemas/EnvironmentRunIdentity",
            "oidc": "#/components/schemas/OidcRunIdentity"
          }
        }
      },
      "DeploymentRunIdentity": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "org",
          "project",
          "stack",
          "operation"
        ],
        "properties": {
          "kind": {
            "type": "string",
            "const": "deployment"
          },
          "org": {
            "$ref": "#/components/schemas/DeploymentTokenRequest/properties/org"
          },
          "project": {
            "$ref": "#/components/schemas/DeploymentTokenRequest/properties/project"
          },
          "stack": {
            "$ref": "#/components/schemas/DeploymentTokenRequest/properties/stack"
          },
          "operation": {
            "$ref": "#/components/schemas/DeploymentTokenRequest/properties/operation"
          },
          "deployment": {
            "$ref": "#/components/schemas/DeploymentTokenRequest/properties/deployment"
          }
        }
      },
      "EnvironmentRunIdentity": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "org",
          "currentEnvironment",
          "user"
        ],
        "properties": {
          "kind": {
            "type": "string",
            "const": "environment"
          },
          "org": {
            "$ref": "#/components/schemas/EnvironmentTokenRequest/properties/org"
          },
          "currentEnvironment": {
            "$ref": "#/components/schemas/EnvironmentTokenRequest/properties/currentEnvironment"
          },
          "rootEnvironment": {
            "$ref": "#/components/schemas/EnvironmentTokenRequest/properties/rootEnvironment"
          },
          "user": {
            "$ref": "#/components/schemas/EnvironmentTokenRequest/properties/user"
          }
        }
      },
      "OidcRunIdentity": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "org",
          "orgId",
          "currentEnvironment",
          "rootEnvironment",
          "actor"
        ],
        "properties": {
          "kind": {
            "type": "string",
            "const": "oidc"
          },
          "org": {
            "$ref": "#/components/schemas/OidcTokenRequest/properties/org"
          },
          "orgId": {
            "$ref": "#/components/schemas/OidcTokenRequest/properties/orgId"
          },
          "currentEnvironment": {
            "$ref": "#/components/schemas/OidcTokenRequest/properties/currentEnvironment"
          },
          "rootEnvironment": {
            "$ref": "#/components/schemas/OidcTokenRequest/properties/rootEnvironment"
          },
          "actor": {
            "$ref": "#/components/schemas/OidcTokenRequest/properties/actor"
          }
        }
      },
      "CreateRunRequest": {
        "type": "object",
        "required": [
          "identity"
        ],
        "additionalProperties": false,
        "properties": {
          "identity": {
            "$ref": "#/components/schemas/RunIdentity"
          },
          "deadline": {
            "$ref": "#/components/schemas/RunDeadline"
          },
          "platforms": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": true,
            "description": "`environment` runs: the platforms its tokens may carry (required for that kind; each must be granted). Refused for other kinds.",
            "items": {
              "$ref": "#/components/schemas/EnvironmentTokenRequest/properties/platform"
            }
          },
          "audiences": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "uniqueItems": true,
            "description": "`oidc` runs: the audiences its tokens may carry (required for that kind; each must be granted). Refused for other kinds.",
            "items": {
              "$ref": "#/components/schemas/OidcTokenRequest/properties/audience"
            }
          }
        }
      },
      "FinishRunRequest": {
        "type": "object",
        "required": [
          "outcome"
        ],
        "additionalProperties": false,
        "properties": {
          "outcome": {
            "$ref": "#/components/schemas/RunOutcome"
          }
        }
      },
      "Run": {
        "type": "object",
        "required": [
          "id",
          "clientId",
          "state",
          "identity",
          "createdAt",
          "deadline"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string"
          },
          "clientId": {
            "type": "string",
            "description": "The client that created the run."
          },
          "state": {
            "$ref": "#/components/schemas/RunState"
          },
          "identity": {
            "$ref": "#/components/schemas/RunIdentity"
          },
          "platforms": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "audiences": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "deadline": {
            "type": "string",
            "format": "date-time",
            "description": "No token of the run expires after it; the run ends by itself then."
          },
          "endedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "CreatedRun": {
        "type": "object",
        "required": [
          "id",
          "clientId",
          "state",
          "identity",
          "createdAt",
          "deadline",
          "credential"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string"
          },
          "clientId": {
            "type": "string"
          },
          "state": {
            "$ref": "#/components/schemas/RunState"
          },
          "identity": {
            "$ref": "#/components/schemas/RunIdentity"
          },
          "platforms": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "audiences": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "deadline": {
            "type": "string",
            "format": "date-time"
          },
          "credential": {
            "type": "string",
            "description": "The run credential (`rid_run_…`). Shown only in this answer; only its hash is stored."
          }
        }
      },
      "RunDetail": {
        "type": "object",
        "required": [
          "run",
          "tokens"
        ],
        "additionalProperties": false,
        "properties": {
          "run": {
            "$ref": "#/components/schemas/Run"
          },
          "tokens": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditRecord"
            }
          }
        }
      },
      "RunPage": {
        "type": "object",
        "required": [
          "items",
          "nextCursor"
        ],
        "additionalProperties": false,
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Run"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ],
            "description": "Pass as `cursor` for the next page; null on the last page."
          }
        }
      },
      "TokenKind": {
        "type": "string",
        "description": "`deployment` (v1 issuer): one deployment run. `environment` (v1 issuer): one environment open, for a vendor login. `oidc` (v2 issuer): a token with a caller-chosen audience.",
        "enum": [
          "deployment",
          "environment",
          "oidc"
        ]
      },
      "IssuerVersion": {
        "type": "string",
        "enum": [
          "v1",
          "v2"
        ]
      },
      "Duration": {
        "type": "string",
        "description": "A lifetime like `90s`, `15m`, `1h` or `1h30m`. `deployment` and `environment` tokens: 5m–2h; `oidc`: 1m–1h; default 1h. Outside the range is an error, never clamped.",
        "pattern": "^(?!(?:0h)?(?:0m)?(?:0s)?$)(?:(?:0|[1-9][0-9]{0,5})h)?(?:(?:0|[1-9][0-9]{0,5})m)?(?:(?:0|[1-9][0-9]{0,5})s)?$",
        "minLength": 2,
        "maxLength": 21
      },
      "TokenRequest": {
        "description": "The inputs of one token, by kind.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/DeploymentTokenRequest"
          },
          {
            "$ref": "#/components/schemas/EnvironmentTokenRequest"
          },
          {
            "$ref": "#/components/schemas/OidcTokenRequest"
          }
        ],
        "discriminator": {
          "propertyName": "kind",
          "mapping": {
            "deployment": "#/components/schemas/DeploymentTokenRequest",
            "environment": "#/components/schemas/EnvironmentTokenRequest",
            "oidc": "#/components/schemas/OidcTokenRequest"
          }
        }
      },
      "MintTokenRequest": {
        "description": "A token request of one kind (with a client key), or a run token request (with a run credential). The two never overlap: a run token request has no `kind`.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/TokenRequest"
          },
          {
            "$ref": "#/components/schemas/RunTokenRequest"
          }
        ]
      },
      "RunTokenRequest": {
        "type": "object",
        "additionalProperties": false,
        "description": "A token of the run whose credential calls: its identity is the run's. `platform` (`environment` runs) and `audience` (`oidc` runs) choose within the run's lists and may be left out when the list has one entry; `subjectAttributes` is for `environment` runs. A `duration` (default 1h, shrunk to fit the run's deadline) that would outlive the deadline is refused.",
        "properties": {
          "platform": {
            "$ref": "#/components/schemas/EnvironmentTokenRequest/properties/platform"
          },
          "audience": {
            "$ref": "#/components/schemas/OidcTokenRequest/properties/audience"
          },
          "subjectAttributes": {
            "$ref": "#/components/schemas/EnvironmentTokenRequest/properties/subjectAttributes"
          },
          "duration": {
            "$ref": "#/components/schemas/Duration"
          }
        }
      },
      "DeploymentTokenRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "org",
          "project",
          "stack",
          "operation",
          "deployment"
        ],
        "properties": {
          "kind": {
            "type": "string",
            "const": "deployment"
          },
          "org": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$",
            "description": "Organization name: lower case, never lower-cased for you."
          },
          "project": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
            "description": "Project name."
          },
          "stack": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
            "description": "Stack name."
          },
          "operation": {
            "type": "string",
            "enum": [
              "preview",
              "update",
              "refresh",
              "destroy",
              "detect-drift",
              "remediate-drift"
            ]
          },
          "deployment": {
            "type": "integer",
            "minimum": 1,
            "maximum": 9007199254740991,
            "description": "The run's version number."
          },
          "duration": {
            "$ref": "#/components/schemas/Duration"
          }
        },
        "description": "A token for one deployment run (v1 issuer)."
      },
      "EnvironmentTokenRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "org",
          "platform",
          "currentEnvironment",
          "user"
        ],
        "properties": {
          "kind": {
            "type": "string",
            "const": "environment"
          },
          "org": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$",
            "description": "Organization name: lower case, never lower-cased for you."
          },
          "platform": {
            "type": "string",
            "enum": [
              "aws",
              "azure",
              "gcp",
              "vault",
              "doppler",
              "infisical",
              "snowflake"
            ]
          },
          "currentEnvironment": {
            "type": "string",
            "minLength": 3,
            "maxLength": 201,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
            "description": "Where the login is declared: `<project>/<env>`."
          },
          "rootEnvironment": {
            "type": "string",
            "minLength": 3,
            "maxLength": 201,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
            "description": "The environment that was opened; defaults to currentEnvironment."
          },
          "user": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
            "description": "User login."
          },
          "subjectAttributes": {
            "type": "array",
            "minItems": 1,
            "maxItems": 4,
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "rootEnvironment.name",
                "currentEnvironment.name",
                "pulumi.user.login",
                "pulumi.organization.login"
              ]
            },
            "description": "Ordered; each at most once. Omit for the default subject."
          },
          "duration": {
            "$ref": "#/components/schemas/Duration"
          }
        },
        "description": "A token for one environment open, for a vendor login (v1 issuer)."
      },
      "OidcTokenRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "org",
          "orgId",
          "currentEnvironment",
          "rootEnvironment",
          "actor",
          "audience"
        ],
        "properties": {
          "kind": {
            "type": "string",
            "const": "oidc"
          },
          "org": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$",
            "description": "Organization name: lower case, never lower-cased for you."
          },
          "orgId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
            "description": "Opaque id."
          },
          "currentEnvironment": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name",
              "id"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 3,
                "maxLength": 201,
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
                "description": "`<project>/<environment>` with exactly one `/`."
              },
              "id": {
                "type": "string",
                "minLength": 1,
                "maxLength": 128,
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
                "description": "Opaque id."
              }
            }
          },
          "rootEnvironment": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 3,
                "maxLength": 201,
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
                "description": "`<project>/<environment>` with exactly one `/`."
              },
              "id": {
                "type": "string",
                "minLength": 1,
                "maxLength": 128,
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
                "description": "Opaque id."
              }
            }
          },
          "actor": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "login",
              "id"
            ],
            "properties": {
              "login": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                "description": "User login."
              },
              "id": {
                "type": "string",
                "minLength": 1,
                "maxLength": 128,
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
                "description": "Opaque id."
              }
            }
          },
          "audience": {
            "type": "string",
            "minLength": 1,
            "maxLength": 512,
            "pattern": "^[!-~]{1,512}$",
            "description": "One audience: 1-512 bytes of visible ASCII (no whitespace or control characters)."
          },
          "duration": {
            "$ref": "#/components/schemas/Duration"
          }
        },
        "description": "A token with a caller-chosen audience (v2 issuer)."
      },
      "ClaimValue": {
        "description": "A custom claim's value.",
        "type": [
          "string",
          "integer"
        ]
      },
      "TokenClaims": {
        "type": "object",
        "description": "Every claim of a minted token: the standard ones and the kind's custom claims (for `oidc` tokens, namespaced by URL).",
        "required": [
          "iss",
          "sub",
          "aud",
          "iat",
          "nbf",
          "exp",
          "jti"
        ],
        "properties": {
          "iss": {
            "type": "string"
          },
          "sub": {
            "type": "string"
          },
          "aud": {
            "type": "string"
          },
          "iat": {
            "type": "integer"
          },
          "nbf": {
            "type": "integer"
          },
          "exp": {
            "type": "integer"
          },
          "jti": {
            "type": "string"
          }
        },
        "additionalProperties": {
          "$ref": "#/components/schemas/ClaimValue"
        }
      },
      "PreviewClaims": {
        "type": "object",
        "description": "The claims a token would carry, without `iat`, `nbf`, `exp` and `jti`.",
        "required": [
          "iss",
          "sub",
          "aud"
        ],
        "properties": {
          "iss": {
            "type": "string"
          },
          "sub": {
            "type": "string"
          },
          "aud": {
            "type": "string"
          }
        },
        "additionalProperties": {
          "$ref": "#/components/schemas/ClaimValue"
        }
      },
      "MintedToken": {
        "type": "object",
        "required": [
          "token",
          "expiresAt",
          "claims"
        ],
        "additionalProperties": false,
        "properties": {
          "token": {
            "type": "string",
            "description": "The signed JWT (compact JWS)."
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the token expires (its `exp`)."
          },
          "claims": {
            "$ref": "#/components/schemas/TokenClaims"
          }
        }
      },
      "PlatformCheck": {
        "type": "object",
        "description": "Whether the subject fits a cloud's limits and matching rules.",
        "required": [
          "platform",
          "ok",
          "reasons"
        ],
        "additionalProperties": false,
        "properties": {
          "platform": {
            "type": "string",
            "enum": [
              "aws",
              "azure",
              "gcp",
              "vault"
            ]
          },
          "ok": {
            "type": "boolean"
          },
          "reasons": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "TokenPreview": {
        "type": "object",
        "required": [
          "claims",
          "kind",
          "issuer",
          "lifetimeSeconds",
          "platformChecks"
        ],
        "additionalProperties": false,
        "properties": {
          "claims": {
            "$ref": "#/components/schemas/PreviewClaims"
          },
          "kind": {
            "$ref": "#/components/schemas/TokenKind"
          },
          "issuer": {
            "$ref": "#/components/schemas/IssuerVersion"
          },
          "lifetimeSeconds": {
            "type": "integer",
            "description": "The lifetime the token would have."
          },
          "platformChecks": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PlatformCheck"
            }
          }
        }
      },
      "TrustSimulationRequest": {
        "type": "object",
        "description": "A token request and one relying party's trust configuration, to simulate the exchange.",
        "required": [
          "token",
          "relyingParty"
        ],
        "additionalProperties": false,
        "properties": {
          "token": {
            "$ref": "#/components/schemas/TokenRequest"
          },
          "at": {
            "type": "string",
            "format": "date-time",
            "description": "The time of the exchange (RFC 3339); default now. The token is minted now, so an `at` past its lifetime shows the relying party's expiry refusal."
          },
          "duration": {
            "$ref": "#/components/schemas/SessionDuration"
          },
          "relyingParty": {
            "$ref": "#/components/schemas/RelyingPartyConfiguration"
          }
        }
      },
      "SessionDuration": {
        "type": "string",
        "description": "The session the exchange requests, in the grammar of `Duration` (`15m`, `1h`, `1h30m`): AWS `DurationSeconds` (900–43200 s and at most the role's `MaxSessionDuration`; default 1h), the Google Cloud access-token lifetime. Out of the cloud's range is a refusal in the verdict, as the cloud answers it.",
        "pattern": "^(?!(?:0h)?(?:0m)?(?:0s)?$)(?:(?:0|[1-9][0-9]{0,5})h)?(?:(?:0|[1-9][0-9]{0,5})m)?(?:(?:0|[1-9][0-9]{0,5})s)?$",
        "minLength": 2,
        "maxLength": 21
      },
      "RelyingPartyConfiguration": {
        "description": "Exactly one relying party, keyed by its name.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/AwsRelyingParty"
          },
          {
            "$ref": "#/components/schemas/AzureRelyingParty"
          },
          {
            "$ref": "#/components/schemas/GcpRelyingParty"
          },
          {
            "$ref": "#/components/schemas/VaultRelyingParty"
          }
        ]
      },
      "AwsRelyingParty": {
        "type": "object",
        "required": [
          "aws"
        ],
        "additionalProperties": false,
        "properties": {
          "aws": {
            "$ref": "#/components/schemas/AwsTrustConfiguration"
          }
        }
      },
      "AwsTrustConfiguration": {
        "description": "The IAM OIDC provider the role trusts (always required: the issuer's own URL is not a provider registration) and either the role (`aws iam get-role` JSON) or a bare trust policy with the role's `MaxSessionDuration`.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/AwsRoleTrust"
          },
          {
            "$ref": "#/components/schemas/AwsPolicyTrust"
          }
        ]
      },
      "AwsRoleTrust": {
        "type": "object",
        "required": [
          "provider",
          "role"
        ],
        "additionalProperties": false,
        "properties": {
          "provider": {
            "$ref": "#/components/schemas/AwsOidcProvider"
          },
          "role": {
            "type": "object",
            "additionalProperties": true,
            "description": "What `aws iam get-role` prints (`{\"Role\":{…}}`, or the role object): its `AssumeRolePolicyDocument` (an object, or the URL-encoded string the API returns) and `MaxSessionDuration` (default 3600)."
          }
        }
      },
      "AwsPolicyTrust": {
        "type": "object",
        "required": [
          "provider",
          "trustPolicy"
        ],
        "additionalProperties": false,
        "properties": {
          "provider": {
            "$ref": "#/components/schemas/AwsOidcProvider"
          },
          "trustPolicy": {
            "type": "object",
            "additionalProperties": true,
            "description": "A role trust policy document (`Version`, `Statement`)."
          },
          "maxSessionDuration": {
            "type": "integer",
            "minimum": 3600,
            "maximum": 43200,
            "description": "The role's `MaxSessionDuration` in seconds; absent = 3600, AWS's default."
          }
        }
      },
      "AwsOidcProvider": {
        "type": "object",
        "additionalProperties": true,
        "description": "What `aws iam get-open-id-connect-provider` prints (`Url`, `ClientIDList`, `ThumbprintList`, …), optionally with the provider's `Arn`. Without one, the ARN is the role's account with this `Url`, or, for a bare `trustPolicy`, the `Principal.Federated` ARN in the policy that names this `Url`."
      },
      "AzureRelyingParty": {
        "type": "object",
        "required": [
          "azure"
        ],
        "additionalProperties": false,
        "properties": {
          "azure": {
            "type": "object",
            "additionalProperties": true,
            "description": "One federated identity credential, as one element of `az ad app federated-credential list` (`name`, `issuer`, `subject`, `audiences`, …)."
          }
        }
      },
      "GcpRelyingParty": {
        "type": "object",
        "required": [
          "gcp"
        ],
        "additionalProperties": false,
        "properties": {
          "gcp": {
            "$ref": "#/components/schemas/GcpTrustConfiguration"
          }
        }
      },
      "GcpTrustConfiguration": {
        "type": "object",
        "required": [
          "provider"
        ],
        "additionalProperties": false,
        "properties": {
          "provider": {
            "type": "object",
            "additionalProperties": true,
            "description": "What `gcloud iam workload-identity-pools providers describe --format=json` prints (`name`, `attributeMapping`, `attributeCondition`, `oidc.issuerUri`, `oidc.allowedAudiences`, …)."
          },
          "iamPolicy": {
            "type": "object",
            "additionalProperties": true,
            "description": "The service account's IAM policy (`gcloud iam service-accounts get-iam-policy --format=json`); without it the principal binding is not checked."
          }
        }
      },
      "VaultRelyingParty": {
        "type": "object",
        "required": [
          "vault"
        ],
        "additionalProperties": false,
        "properties": {
          "vault": {
            "type": "object",
            "additionalProperties": true,
            "description": "A JWT auth role, as `vault read -format=json auth/<mount>/role/<name>` prints it (`{\"data\":{…}}`, or the data object)."
          }
        }
      },
      "TrustSimulation": {
        "type": "object",
        "required": [
          "claims",
          "verdict",
          "findings"
        ],
        "additionalProperties": false,
        "properties": {
          "claims": {
            "$ref": "#/components/schemas/PreviewClaims"
          },
          "verdict": {
            "$ref": "#/components/schemas/TrustVerdict"
          },
          "findings": {
            "type": "array",
            "description": "The lint findings of the configuration; empty when it is clean.",
            "items": {
              "$ref": "#/components/schemas/TrustFinding"
            }
          }
        }
      },
      "TrustVerdict": {
        "type": "object",
        "description": "Whether the relying party accepts the token. For a refusal: the stage, the cloud's own error code and literal message (the strings operators search for), what failed and what to change; all null when accepted.",
        "required": [
          "accepted",
          "relyingParty",
          "stage",
          "code",
          "message",
          "failed",
          "hint"
        ],
        "additionalProperties": false,
        "properties": {
          "accepted": {
            "type": "boolean"
          },
          "relyingParty": {
            "type": "string",
            "enum": [
              "aws",
              "azure",
              "gcp",
              "vault"
            ]
          },
          "stage": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "token",
              "registration",
              "claims",
              "audience",
              "policy",
              "session",
              null
            ]
          },
          "code": {
            "type": [
              "string",
              "null"
            ],
            "description": "The cloud's error code (`AccessDenied`, `AADSTS700213`, `unauthorized_client`, `400`…)."
          },
          "message": {
            "type": [
              "string",
              "null"
            ],
            "description": "The cloud's literal error message."
          },
          "failed": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/TrustFailedCheck"
              },
              {
                "type": "null"
              }
            ]
          },
          "hint": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "TrustFailedCheck": {
        "type": "object",
        "description": "The condition, FIC field, CEL expression or bound claim that failed.",
        "required": [
          "path",
          "expected"
        ],
        "additionalProperties": false,
        "properties": {
          "path": {
            "type": "string",
            "description": "A JSON pointer into the relying party's document (the object under `relyingParty.<cloud>`; for AWS the provider's, the role's or the trust policy's, for Azure the credential's), into the token's claims at the `claims` stage, or into the request at the `session` stage (`/DurationSeconds`); as `runid trust simulate --json` prints it."
          },
          "expected": {
            "description": "What the configuration requires, as written there."
          },
          "actual": {
            "description": "What the token or the request presented; absent when the value is absent."
          }
        }
      },
      "TrustFinding": {
        "type": "object",
        "required": [
          "rule",
          "severity",
          "path",
          "message",
          "fix"
        ],
        "additionalProperties": false,
        "properties": {
          "rule": {
            "type": "string",
            "pattern": "^L(?:[1-9]|1[0-9]|2[0-4])$",
            "description": "The rule of the misconfiguration catalogue, `L1`…`L24`."
          },
          "severity": {
            "type": "string",
            "enum": [
              "error",
              "warning",
              "info"
            ]
          },
          "path": {
            "type": "string",
            "description": "A JSON pointer into the relying party's document, as `runid trust lint --json` prints it."
          },
          "message": {
            "type": "string",
            "description": "What the configuration allows or blocks."
          },
          "fix": {
            "type": "string"
          }
        }
      },
      "NameGlob": {
        "type": "string",
        "description": "A name, or a glob whose `*` matches any run of characters inside one segment (it never crosses `:` or `/`).",
        "minLength": 1,
        "maxLength": 200,
        "pattern": "^[A-Za-z0-9._*/-]+$"
      },
      "Grant": {
        "type": "object",
        "description": "What a client may mint, and whose tokens it may introspect. `kinds` and `orgs` are required. An absent `projects`, `stacks`, `environments` or `platforms` means any; an absent `audiences` means none (so `oidc` tokens need it). `maxDuration` caps the lifetime a client may ask for. `kinds: []` mints nothing: an introspect-only grant for a relying party (it then needs `introspect: true`; a grant that neither mints nor introspects is refused).",
        "required": [
          "kinds",
          "orgs"
        ],
        "additionalProperties": false,
        "properties": {
          "kinds": {
            "type": "array",
            "uniqueItems": true,
            "description": "The token kinds it may mint; empty for an introspect-only grant.",
            "items": {
              "$ref": "#/components/schemas/TokenKind"
            }
          },
          "orgs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/NameGlob"
            }
          },
          "projects": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/NameGlob"
            }
          },
          "stacks": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/NameGlob"
            }
          },
          "environments": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "description": "Globs over `<project>/<env>`.",
            "items": {
              "$ref": "#/components/schemas/NameGlob"
            }
          },
          "platforms": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "aws",
                "azure",
                "gcp",
                "vault",
                "doppler",
                "infisical",
                "snowflake"
              ]
            }
          },
          "audiences": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "description": "Exact audiences an `oidc` token may carry.",
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512
            }
          },
          "maxDuration": {
            "$ref": "#/components/schemas/Duration"
          },
          "introspect": {
            "type": "boolean",
            "description": "Lets the client introspect (`POST <issuer>/introspect`) the tokens of this grant's `orgs`, whoever minted them, of any kind. Absent means false."
          }
        }
      },
      "CreateClientRequest": {
        "type": "object",
        "required": [
          "name",
          "grants"
        ],
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9 ._-]*$",
            "description": "A unique, human-readable name. A disabled client keeps its name (re-enable it to use the name again)."
          },
          "grants": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": {
              "$ref": "#/components/schemas/Grant"
            }
          },
          "keyExpiresIn": {
            "$ref": "#/components/schemas/ClientKeyLifetime"
          },
          "keyExpiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the key stops working: at least a minute ahead. Not with `keyExpiresIn`. Absent (both): the key never expires."
          }
        }
      },
      "ClientKeyLifetime": {
        "type": "string",
        "description": "How long a client key works, like `720h` or `90m`: at least 1m. Absent: it never expires.",
        "pattern": "^(?!(?:0h)?(?:0m)?(?:0s)?$)(?:(?:0|[1-9][0-9]{0,5})h)?(?:(?:0|[1-9][0-9]{0,5})m)?(?:(?:0|[1-9][0-9]{0,5})s)?$",
        "minLength": 2,
        "maxLength": 21
      },
      "KeyOverlap": {
        "type": "string",
        "description": "How long the keys valid before a rotation keep working, like `24h` or `30m`: `0` ends them at once, at most 720h (30 days). Default 24h.",
        "pattern": "^(?:0|0s|(?!(?:0h)?(?:0m)?(?:0s)?$)(?:(?:0|[1-9][0-9]{0,5})h)?(?:(?:0|[1-9][0-9]{0,5})m)?(?:(?:0|[1-9][0-9]{0,5})s)?)$",
        "minLength": 1,
        "maxLength": 21
      },
      "RotateClientKeyRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "overlap": {
            "$ref": "#/components/schemas/KeyOverlap"
          },
          "keyExpiresIn": {
            "$ref": "#/components/schemas/ClientKeyLifetime"
          },
          "keyExpiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the new key stops working (at least a minute ahead). Not with `keyExpiresIn`."
          }
        }
      },
      "ReplaceGrantsRequest": {
        "type": "object",
        "required": [
          "grants"
        ],
        "additionalProperties": false,
        "properties": {
          "grants": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": {
              "$ref": "#/components/schemas/Grant"
            }
          }
        }
      },
      "ClientKeyStatus": {
        "type": "string",
        "description": "`active`: accepted (until `expiresAt`, if any). `expired`: past `expiresAt`. `revoked`: revoked at `revokedAt`. A disabled client's active keys are refused all the same.",
        "enum": [
          "active",
          "expired",
          "revoked"
        ]
      },
      "ClientKey": {
        "type": "object",
        "description": "One of a client's keys. Never the key or its hash.",
        "required": [
          "id",
          "status",
          "createdAt"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string",
            "description": "The key's id (`ck_…`), for revoking it."
          },
          "status": {
            "$ref": "#/components/schemas/ClientKeyStatus"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "revokedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "RotatedClientKey": {
        "type": "object",
        "required": [
          "clientId",
          "keyId",
          "key",
          "createdAt",
          "keys"
        ],
        "additionalProperties": false,
        "properties": {
          "clientId": {
            "type": "string"
          },
          "keyId": {
            "type": "string"
          },
          "key": {
            "type": "string",
            "description": "The new key. Shown only in this answer; only its hash is stored."
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "keys": {
            "type": "array",
            "description": "The client's keys after the rotation, newest first.",
            "items": {
              "$ref": "#/components/schemas/ClientKey"
            }
          }
        }
      },
      "Client": {
        "type": "object",
        "required": [
          "id",
          "name",
          "grants",
          "disabled",
          "createdAt",
          "keys"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "grants": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Grant"
            }
          },
          "disabled": {
            "type": "boolean"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "disabledAt": {
            "type": "string",
            "format": "date-time"
          },
          "keys": {
            "type": "array",
            "description": "The client's keys, newest first.",
            "items": {
              "$ref": "#/components/schemas/ClientKey"
            }
          }
        }
      },
      "CreatedClient": {
        "type": "object",
        "required": [
          "id",
          "name",
          "key",
          "keyId",
          "grants",
          "disabled",
          "createdAt"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "key": {
            "type": "string",
            "description": "The client's key. Shown only in this answer; only its hash is stored."
          },
          "keyId": {
            "type": "string",
            "description": "The key's id (`ck_…`), as `keys` lists it."
          },
          "keyExpiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "grants": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Grant"
            }
          },
          "disabled": {
            "type": "boolean"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "ClientList": {
        "type": "object",
        "required": [
          "items"
        ],
        "additionalProperties": false,
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Client"
            }
          }
        }
      },
      "KeyState": {
        "type": "string",
        "description": "`next`: published, not signing yet. `current`: signing. `retired`: published, no longer signing. `removed`: no longer published.",
        "enum": [
          "next",
          "current",
          "retired",
          "removed"
        ]
      },
      "SigningKey": {
        "type": "object",
        "required": [
          "issuer",
          "kid",
          "alg",
          "state",
          "createdAt"
        ],
        "additionalProperties": false,
        "properties": {
          "issuer": {
            "$ref": "#/components/schemas/IssuerVersion"
          },
          "kid": {
            "type": "string"
          },
          "alg": {
            "type": "string",
            "enum": [
              "RS256",
              "ES256"
            ]
          },
          "state": {
            "$ref": "#/components/schemas/KeyState"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "activatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "retiredAt": {
            "type": "string",
            "format": "date-time"
          },
          "removedAt": {
            "type": "string",
            "format": "date-time"
          },
          "publishedAt": {
            "type": "string",
            "format": "date-time",
            "description": "When it first appeared in the JWKS."
          },
          "publishUntil": {
            "type": "string",
            "format": "date-time",
            "description": "When it is planned to leave the JWKS (set once it is retired): no token it signed outlives this."
          }
        }
      },
      "AdminSession": {
        "type": "object",
        "description": "A console session. Its id is only in the `HttpOnly` cookie, never in a body.",
        "required": [
          "admin",
          "role",
          "createdAt",
          "idleExpiresAt",
          "expiresAt",
          "idleTimeoutSeconds",
          "absoluteTimeoutSeconds"
        ],
        "additionalProperties": false,
        "properties": {
          "admin": {
            "type": "string",
            "description": "The name of the admin credential that signed in."
          },
          "role": {
            "$ref": "#/components/schemas/AdminRole"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "idleExpiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the session ends unless a call is made before."
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the session ends in any case (the absolute timeout)."
          },
          "idleTimeoutSeconds": {
            "type": "integer",
            "minimum": 1
          },
          "absoluteTimeoutSeconds": {
            "type": "integer",
            "minimum": 1
          }
        }
      },
      "AdminRole": {
        "type": "string",
        "description": "`admin`: every admin operation. `auditor`: read-only — lists and reads clients, keys, runs, audit and admin credentials, previews and simulates; creates, disables, rotates and revokes nothing (403 `forbidden` naming the role needed).",
        "enum": [
          "admin",
          "auditor"
        ]
      },
      "AdminCredentialState": {
        "type": "string",
        "description": "`active`: accepted. `expired`: past `expiresAt`. `revoked`: revoked (permanent).",
        "enum": [
          "active",
          "expired",
          "revoked"
        ]
      },
      "CreateAdminCredentialRequest": {
        "type": "object",
        "required": [
          "name",
          "role"
        ],
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": "^[A-Za-z0-9][A-Za-z0-9 ._-]*$",
            "description": "A name unique among active credentials (an expired one holding it is revoked to free it; a revoked one frees it)."
          },
          "role": {
            "$ref": "#/components/schemas/AdminRole"
          },
          "expiresIn": {
            "type": "string",
            "minLength": 2,
            "maxLength": 30,
            "pattern": "^(?:[0-9]{1,6}(?:d|h|m|s))+$",
            "description": "The credential ends this long after its creation: units d, h, m, s each at most once (`30d`, `12h`, `1d12h`), 1m to 3650d. Exclusive with `expiresAt`."
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "The credential ends at this time: at least a minute and at most 3650 days ahead. Exclusive with `expiresIn`."
          }
        }
      },
      "AdminCredential": {
        "type": "object",
        "required": [
          "id",
          "name",
          "role",
          "state",
          "createdAt"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "role": {
            "$ref": "#/components/schemas/AdminRole"
          },
          "state": {
            "$ref": "#/components/schemas/AdminCredentialState"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "When it ends by itself; absent when it lasts until revoked."
          },
          "lastUsedAt": {
            "type": "string",
            "format": "date-time",
            "description": "The last time the key or one of its console sessions was accepted, written at most once a minute: up to a minute older than the true last use. Absent when never used."
          },
          "revokedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "CreatedAdminCredential": {
        "type": "object",
        "required": [
          "id",
          "name",
          "role",
          "state",
          "createdAt",
          "key"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "role": {
            "$ref": "#/components/schemas/AdminRole"
          },
          "state": {
            "$ref": "#/components/schemas/AdminCredentialState"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "key": {
            "type": "string",
            "description": "The credential's key (`rid_admin_…`). Shown only in this answer; only its hash is stored."
          }
        }
      },
      "AdminCredentialList": {
        "type": "object",
        "required": [
          "items"
        ],
        "additionalProperties": false,
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AdminCredential"
            }
          }
        }
      },
      "EndedSession": {
        "type": "object",
        "required": [
          "ended"
        ],
        "additionalProperties": false,
        "properties": {
          "ended": {
            "type": "boolean",
            "const": true
          }
        }
      },
      "KeyList": {
        "type": "object",
        "required": [
          "items"
        ],
        "additionalProperties": false,
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SigningKey"
            }
          }
        }
      },
      "KeyRotationRequest": {
        "type": "object",
        "required": [
          "issuer"
        ],
        "additionalProperties": false,
        "properties": {
          "issuer": {
            "$ref": "#/components/schemas/IssuerVersion"
          },
          "confirm": {
            "type": "boolean",
            "description": "Must be `true`; anything else answers `confirmation_required`."
          },
          "removeCompromised": {
            "type": "boolean",
            "description": "The old signing key is compromised: remove it from the JWKS now instead of retiring it (tokens it signed stop verifying wherever the JWKS is refetched). Absent = false."
          }
        }
      },
      "KeyRotation": {
        "type": "object",
        "required": [
          "issuer",
          "explanation",
          "consequences",
          "keys"
        ],
        "additionalProperties": false,
        "properties": {
          "issuer": {
            "$ref": "#/components/schemas/IssuerVersion"
          },
          "explanation": {
            "type": "string",
            "description": "What the rotation did and what relying parties will see, in prose."
          },
          "consequences": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "keys": {
            "type": "array",
            "description": "The issuer's keys after the rotation (metadata only), newest first.",
            "items": {
              "$ref": "#/components/schemas/SigningKey"
            }
          }
        }
      },
      "AuditRecord": {
        "type": "object",
        "required": [
          "jti",
          "kind",
          "iss",
          "sub",
          "aud",
          "clientId",
          "kid",
          "iat",
          "exp"
        ],
        "additionalProperties": false,
        "properties": {
          "jti": {
            "type": "string"
          },
          "kind": {
            "$ref": "#/components/schemas/TokenKind"
          },
          "iss": {
            "type": "string"
          },
          "sub": {
            "type": "string"
          },
          "aud": {
            "type": "string"
          },
          "clientId": {
            "type": "string"
          },
          "kid": {
            "type": "string"
          },
          "iat": {
            "type": "string",
            "format": "date-time"
          },
          "exp": {
            "type": "string",
            "format": "date-time"
          },
          "runId": {
            "type": "string",
            "description": "The run that minted the token; absent for tokens minted with a client key."
          },
          "requestId": {
            "type": "string",
            "description": "The request that minted it (its `X-Request-Id` answer header); absent on records written before the issuer recorded it."
          },
          "source": {
            "type": "string",
            "description": "The caller's address: the socket peer, or from `X-Forwarded-For` when the peer is in `RUNID_TRUSTED_PROXIES`. Absent on records written before the issuer recorded it."
          }
        }
      },
      "AuditEventType": {
        "type": "string",
        "description": "The stable event types. `token.minted` events are the minted tokens' records (`AuditRecord`) shown as events; the key types follow the rotation's transitions.",
        "enum": [
          "token.minted",
          "token.refused",
          "client.created",
          "client.disabled",
          "client.enabled",
          "client.grants_changed",
          "client.key_rotated",
          "client.key_revoked",
          "admin_credential.created",
          "admin_credential.revoked",
          "key.generated",
          "key.published",
          "key.rotated",
          "key.emergency_rotated",
          "key.retired",
          "key.removed",
          "key.rekeyed",
          "admin.signed_in",
          "admin.sign_in_refused",
          "admin.action_refused",
          "run.created",
          "run.finished",
          "run.revoked",
          "audit.purged"
        ]
      },
      "AuditActor": {
        "type": "object",
        "description": "Who acted: an API client, an admin credential, a run credential, the issuer itself (`system`: `rotator`, `retention`), or a caller refused before it authenticated (`anonymous`).",
        "required": [
          "type",
          "id"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "client",
              "admin",
              "run",
              "system",
              "anonymous"
            ]
          },
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string",
            "description": "The client's or admin credential's name; for `rotator`, the replica."
          }
        }
      },
      "AuditEvent": {
        "type": "object",
        "required": [
          "id",
          "at",
          "type",
          "actor",
          "outcome",
          "detail"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string",
            "description": "The event's id (a token's `jti` for `token.minted`)."
          },
          "at": {
            "type": "string",
            "format": "date-time"
          },
          "type": {
            "$ref": "#/components/schemas/AuditEventType"
          },
          "actor": {
            "$ref": "#/components/schemas/AuditActor"
          },
          "target": {
            "type": "object",
            "description": "What the event acted on (a client, key, run, token…).",
            "required": [
              "type",
              "id"
            ],
            "additionalProperties": false,
            "properties": {
              "type": {
                "type": "string"
              },
              "id": {
                "type": "string"
              }
            }
          },
          "requestId": {
            "type": "string",
            "description": "The request's `X-Request-Id`; absent for the issuer's own actions."
          },
          "source": {
            "type": "string",
            "description": "The caller's address: the socket peer, or from `X-Forwarded-For` when the peer is in `RUNID_TRUSTED_PROXIES`."
          },
          "outcome": {
            "type": "string",
            "enum": [
              "success",
              "refused",
              "failure"
            ],
            "description": "`refused`: answered 4xx; `failure`: answered 5xx."
          },
          "reason": {
            "type": "string",
            "description": "The error code of a refusal or failure (`grant_denied`, `unauthorized`…)."
          },
          "detail": {
            "type": "object",
            "description": "Small, type-specific JSON. Never a secret or a token: members named like one and values shaped like one are `[redacted]`; a refusal lists the failing fields' paths and codes, never their values.",
            "additionalProperties": true
          }
        }
      },
      "AuditEventPage": {
        "type": "object",
        "required": [
          "items",
          "nextCursor"
        ],
        "additionalProperties": false,
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditEvent"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ],
            "description": "Pass as `cursor` for the next page; null on the last page."
          }
        }
      },
      "AuditExportLine": {
        "description": "One line of the NDJSON export.",
        "oneOf": [
          {
            "type": "object",
            "required": [
              "recordType",
              "record"
            ],
            "additionalProperties": false,
            "properties": {
              "recordType": {
                "const": "token"
              },
              "record": {
                "$ref": "#/components/schemas/AuditRecord"
              }
            }
          },
          {
            "type": "object",
            "required": [
              "recordType",
              "event"
            ],
            "additionalProperties": false,
            "properties": {
              "recordType": {
                "const": "event"
              },
              "event": {
                "$ref": "#/components/schemas/AuditEvent"
              }
            }
          },
          {
            "type": "object",
            "required": [
              "recordType",
              "count"
            ],
            "additionalProperties": false,
            "properties": {
              "recordType": {
                "const": "end"
              },
              "count": {
                "type": "integer",
                "minimum": 0,
                "description": "How many lines came before this one."
              }
            }
          }
        ]
      },
      "AuditPage": {
        "type": "object",
        "required": [
          "items",
          "nextCursor"
        ],
        "additionalProperties": false,
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditRecord"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ],
            "description": "Pass as `cursor` for the next page; null on the last page."
          }
        }
      },
      "Jwk": {
        "type": "object",
        "description": "A public signing key. Never carries private members.",
        "required": [
          "kty",
          "kid",
          "use",
          "alg"
        ],
        "additionalProperties": false,
        "properties": {
          "kty": {
            "type": "string",
            "enum": [
              "RSA",
              "EC"
            ]
          },
          "kid": {
            "type": "string",
            "description": "The RFC 7638 thumbprint of the key."
          },
          "use": {
            "type": "string",
            "const": "sig"
          },
          "alg": {
            "type": "string",
            "enum": [
              "RS256",
              "ES256"
            ]
          },
          "n": {
            "type": "string"
          },
          "e": {
            "type": "string"
          },
          "crv": {
            "type": "string",
            "const": "P-256"
          },
          "x": {
            "type": "string"
          },
          "y": {
            "type": "string"
          }
        }
      },
      "JsonWebKeySet": {
        "type": "object",
        "required": [
          "keys"
        ],
        "additionalProperties": false,
        "properties": {
          "keys": {
            "type": "array",
            "maxItems": 5,
            "items": {
              "$ref": "#/components/schemas/Jwk"
            }
          }
        }
      },
      "IntrospectionRequest": {
        "type": "object",
        "required": [
          "token"
        ],
        "additionalProperties": true,
        "description": "RFC 7662 section 2.1. Parameters other than these are ignored (RFC 6749 section 3.2); each may appear once.",
        "properties": {
          "token": {
            "type": "string",
            "minLength": 1,
            "description": "The token (a compact JWT)."
          },
          "token_type_hint": {
            "type": "string",
            "description": "Accepted and ignored (RunID issues one type of token)."
          }
        }
      },
      "TokenIntrospection": {
        "description": "RFC 7662 section 2.2.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/InactiveToken"
          },
          {
            "$ref": "#/components/schemas/ActiveToken"
          }
        ]
      },
      "InactiveToken": {
        "type": "object",
        "description": "Not a live token of this issuer that the caller may introspect; nothing more is said.",
        "required": [
          "active"
        ],
        "additionalProperties": false,
        "properties": {
          "active": {
            "type": "boolean",
            "const": false
          }
        }
      },
      "ActiveToken": {
        "type": "object",
        "description": "A live token: its claims (the standard ones and the kind's custom claims, as signed), the RFC 7662 fields, and its run's state when a run minted it.",
        "required": [
          "active",
          "iss",
          "sub",
          "aud",
          "iat",
          "nbf",
          "exp",
          "jti",
          "token_type",
          "client_id",
          "kind"
        ],
        "properties": {
          "active": {
            "type": "boolean",
            "const": true
          },
          "iss": {
            "type": "string"
          },
          "sub": {
            "type": "string"
          },
          "aud": {
            "type": "string"
          },
          "iat": {
            "type": "integer"
          },
          "nbf": {
            "type": "integer"
          },
          "exp": {
            "type": "integer"
          },
          "jti": {
            "type": "string"
          },
          "token_type": {
            "type": "string",
            "const": "urn:ietf:params:oauth:token-type:jwt",
            "description": "RunID tokens are JWT assertions (RFC 8693 token type identifier), not OAuth access tokens."
          },
          "client_id": {
            "type": "string",
            "description": "The client that minted the token (for a run's token, the run's client)."
          },
          "kind": {
            "$ref": "#/components/schemas/TokenKind"
          },
          "run": {
            "$ref": "#/components/schemas/IntrospectedRun"
          }
        },
        "additionalProperties": {
          "$ref": "#/components/schemas/ClaimValue"
        }
      },
      "IntrospectedRun": {
        "type": "object",
        "description": "The run that minted the token; an active token's run is always `running`.",
        "required": [
          "id",
          "state",
          "deadline"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string"
          },
          "state": {
            "$ref": "#/components/schemas/RunState"
          },
          "deadline": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "DiscoveryDocument": {
        "type": "object",
        "required": [
          "issuer",
          "jwks_uri",
          "response_types_supported",
          "subject_types_supported",
          "id_token_signing_alg_values_supported",
          "claims_supported",
          "introspection_endpoint"
        ],
        "additionalProperties": false,
        "properties": {
          "issuer": {
            "type": "string",
            "description": "The issuer identifier, equal to the `iss` of its tokens."
          },
          "jwks_uri": {
            "type": "string",
            "description": "Where the issuer's public keys are published."
          },
          "introspection_endpoint": {
            "type": "string",
            "description": "The issuer's RFC 7662 introspection endpoint (`<issuer>/introspect`), a configured constant."
          },
          "response_types_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "subject_types_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "id_token_signing_alg_values_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "claims_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "scopes_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "Health": {
        "type": "object",
        "required": [
          "status"
        ],
        "additionalProperties": false,
        "properties": {
          "status": {
            "type": "string",
            "const": "ok"
          }
        }
      },
      "ReadinessCheck": {
        "type": "object",
        "required": [
          "ok"
        ],
        "additionalProperties": false,
        "properties": {
          "ok": {
            "type": "boolean"
          },
          "detail": {
            "type": "string"
          }
        }
      },
      "Readiness": {
        "type": "object",
        "required": [
          "status",
          "checks"
        ],
        "additionalProperties": false,
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ready",
              "not_ready"
            ]
          },
          "checks": {
            "type": "object",
            "required": [
              "store",
              "keys"
            ],
            "additionalProperties": false,
            "properties": {
              "store": {
                "$ref": "#/components/schemas/ReadinessCheck"
              },
              "keys": {
                "$ref": "#/components/schemas/ReadinessCheck"
              }
            }
          }
        }
      },
      "DiscoveryReadiness": {
        "type": "object",
        "required": [
          "status",
          "checks",
          "keyViewAgeSeconds"
        ],
        "additionalProperties": false,
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ready",
              "not_ready"
            ]
          },
          "checks": {
            "type": "object",
            "required": [
              "keys"
            ],
            "additionalProperties": false,
            "properties": {
              "keys": {
                "$ref": "#/components/schemas/ReadinessCheck"
              }
            }
          },
          "keyViewAgeSeconds": {
            "type": "integer",
            "minimum": 0,
            "description": "Seconds since this replica last read the key set from the store."
          }
        }
      }
    }
  }
};
