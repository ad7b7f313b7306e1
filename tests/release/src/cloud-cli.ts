/**
 * The clouds' command-line tools, played just far enough to run a guide offline: the create
 * commands the generator prints (`aws iam create-…`, `az ad app federated-credential create`,
 * `gcloud iam workload-identity-pools providers create-oidc`, `vault write auth/…`) store what they
 * say, and the describe commands the guides then run (`aws iam get-role`, `az … list`, `gcloud …
 * describe --format=json`, `vault read -format=json`) print it back in the shape the real tools
 * print. So a guide's native block is applied as written (quoting included) and what the trust
 * commands then read is what the cloud would hold. Flags the real tools take that change nothing
 * here (`--location`, `--format=json`) are accepted; unknown commands answer `undefined`.
 */

export type ReadFile = (name: string) => string;

interface Flags {
  positional: string[];
  flags: Map<string, string[]>;
}

/** `--a b`, `--a=b`, repeated flags, and list flags (`--client-id-list a b c`). */
function parseFlags(words: string[], listFlags: ReadonlySet<string> = new Set()): Flags {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith('-')) {
      positional.push(w);
      continue;
    }
    const eq = w.indexOf('=');
    const name = (eq < 0 ? w : w.slice(0, eq)).replace(/^-+/, '');
    const values = flags.get(name) ?? [];
    if (eq >= 0) values.push(w.slice(eq + 1));
    else if (listFlags.has(name)) {
      while (i + 1 < words.length && !(words[i + 1] as string).startsWith('--'))
        values.push(words[++i] as string);
    } else if (i + 1 < words.length && !(words[i + 1] as string).startsWith('-'))
      values.push(words[++i] as string);
    flags.set(name, values);
  }
  return { positional, flags };
}

function one(f: Flags, name: string): string {
  const v = f.flags.get(name) ?? [];
  if (v.length !== 1) throw new Error(`--${name} must be given once`);
  return v[0] as string;
}

/** gcloud's dict flag: `k=v,k2=v2` (a value may contain `=`). */
function gcloudDict(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export class CloudCli {
  private readonly awsProviders = new Map<string, { Url: string; ClientIDList: string[] }>();
  private readonly awsRoles = new Map<string, Record<string, unknown>>();
  private readonly azureCredentials = new Map<string, Record<string, unknown>[]>();
  private readonly gcpProviders = new Map<string, Record<string, unknown>>();
  private readonly gcpPolicies = new Map<string, { role: string; members: string[] }[]>();
  private readonly vaultRoles = new Map<string, Record<string, unknown>>();

  /** Runs one command line; its stdout, or `undefined` when it is not one of ours. */
  run(words: string[], readFile: ReadFile): string | undefined {
    const [tool, ...rest] = words;
    const line = rest.join(' ');
    if (tool === 'aws' && line.startsWith('iam ')) return this.aws(rest.slice(1), readFile);
    if (tool === 'az' && /^(ad app|identity) federated-credential /.test(line))
      return this.azure(rest);
    if (tool === 'gcloud' && line.startsWith('iam ')) return this.gcloud(rest.slice(1));
    if (tool === 'vault') return this.vault(rest);
    return undefined;
  }

  private aws(words: string[], readFile: ReadFile): string | undefined {
    const [verb, ...args] = words;
    const f = parseFlags(args, new Set(['client-id-list']));
    switch (verb) {
      case 'create-open-id-connect-provider': {
        const url = one(f, 'url');
        const arn = `arn:aws:iam::123456789012:oidc-provider/${url.replace(/^https:\/\//, '')}`;
        this.awsProviders.set(arn, {
          Url: url.replace(/^https:\/\//, ''),
          ClientIDList: f.flags.get('client-id-list') ?? [],
        });
        return json({ OpenIDConnectProviderArn: arn });
      }
      case 'get-open-id-connect-provider': {
        const p = this.awsProviders.get(one(f, 'open-id-connect-provider-arn'));
        if (!p) throw new Error('NoSuchEntity: no such OIDC provider');
        return json({ ...p, ThumbprintList: [], CreateDate: '2026-01-01T00:00:00+00:00' });
      }
      case 'create-role': {
        const name = one(f, 'role-name');
        const doc = one(f, 'assume-role-policy-document');
        const role = {
          Path: '/',
          RoleName: name,
          Arn: `arn:aws:iam::123456789012:role/${name}`,
          AssumeRolePolicyDocument: JSON.parse(
            doc.startsWith('file://') ? readFile(doc.slice('file://'.length)) : doc,
          ),
          MaxSessionDuration: Number(f.flags.get('max-session-duration')?.[0] ?? 3600),
        };
        this.awsRoles.set(name, role);
        return json({ Role: role });
      }
      case 'get-role': {
        const role = this.awsRoles.get(one(f, 'role-name'));
        if (!role) throw new Error('NoSuchEntity: no such role');
        return json({ Role: role });
      }
      default:
        return undefined;
    }
  }

  private azure(words: string[]): string | undefined {
    const uami = words[0] === 'identity';
    const verb = words[uami ? 2 : 3];
    const f = parseFlags(words.slice(uami ? 3 : 4));
    const owner = uami ? one(f, 'identity-name') : one(f, 'id');
    const list = this.azureCredentials.get(owner) ?? [];
    if (verb === 'create') {
      const c = uami
        ? {
            name: one(f, 'name'),
            issuer: one(f, 'issuer'),
            subject: one(f, 'subject'),
            audiences: [one(f, 'audiences')],
            type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
          }
        : { ...JSON.parse(one(f, 'parameters')), id: `fic-${list.length + 1}` };
      if (list.length >= 20)
        throw new Error('the maximum number of federated identity credentials (20) is reached');
      this.azureCredentials.set(owner, [...list, c]);
      return json(c);
    }
    if (verb === 'list') return json(list);
    return undefined;
  }

  private gcloud(words: string[]): string | undefined {
    const line = words.join(' ');
    if (line.startsWith('workload-identity-pools providers ')) {
      const verb = words[2];
      const f = parseFlags(words.slice(3));
      const id = f.positional[0] as string;
      const pool = one(f, 'workload-identity-pool');
      const key = `${pool}/${id}`;
      if (verb === 'create-oidc') {
        const condition = f.flags.get('attribute-condition')?.[0];
        this.gcpProviders.set(key, {
          name: `projects/123456789/locations/global/workloadIdentityPools/${pool}/providers/${id}`,
          state: 'ACTIVE',
          attributeMapping: gcloudDict(one(f, 'attribute-mapping')),
          ...(condition === undefined ? {} : { attributeCondition: condition }),
          oidc: {
            issuerUri: one(f, 'issuer-uri'),
            allowedAudiences: (f.flags.get('allowed-audiences')?.[0] ?? '')
              .split(',')
              .filter(Boolean),
          },
        });
        return '';
      }
      if (verb === 'describe') {
        const p = this.gcpProviders.get(key);
        if (!p) throw new Error('NOT_FOUND: no such provider');
        return json(p);
      }
      return undefined;
    }
    if (line.startsWith('service-accounts ')) {
      const verb = words[1];
      const f = parseFlags(words.slice(2));
      const sa = f.positional[0] as string;
      const bindings = this.gcpPolicies.get(sa) ?? [];
      if (verb === 'add-iam-policy-binding') {
        const role = one(f, 'role');
        const b = bindings.find((x) => x.role === role);
        if (b) b.members.push(one(f, 'member'));
        else bindings.push({ role, members: [one(f, 'member')] });
        this.gcpPolicies.set(sa, bindings);
        return '';
      }
      if (verb === 'get-iam-policy') return json({ bindings, etag: 'BwX=', version: 1 });
    }
    return undefined;
  }

  private vault(words: string[]): string | undefined {
    const [verb, ...args] = words;
    if (verb === 'auth' && args[0] === 'enable') return '';
    const opts = args.filter((a) => a.startsWith('-'));
    const [path, ...pairs] = args.filter((a) => !a.startsWith('-'));
    const role = /^auth\/([^/]+)\/role\/([^/]+)$/.exec(path ?? '');
    if (verb === 'write' && /^auth\/[^/]+\/config$/.test(path ?? '')) return '';
    if (verb === 'write' && role) {
      // What the JWT plugin's role schema does with each field's text.
      const data: Record<string, unknown> = {};
      for (const pair of pairs) {
        const eq = pair.indexOf('=');
        const [k, v] = [pair.slice(0, eq), pair.slice(eq + 1)];
        if (['bound_audiences', 'token_policies', 'token_bound_cidrs'].includes(k))
          data[k] = v.split(',');
        else if (['bound_claims', 'claim_mappings'].includes(k)) data[k] = JSON.parse(v);
        else if (/_ttl$|leeway$|num_uses$|period$/.test(k)) data[k] = Number(v);
        else data[k] = v;
      }
      this.vaultRoles.set(path as string, data);
      return `Success! Data written to: ${path}\n`;
    }
    if (verb === 'read' && role && opts.includes('-format=json')) {
      const data = this.vaultRoles.get(path as string);
      if (!data) throw new Error(`No value found at ${path}`);
      return json({ request_id: 'r', lease_id: '', lease_duration: 0, renewable: false, data });
    }
    return undefined;
  }
}
