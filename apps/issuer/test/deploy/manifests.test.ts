import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CONFIG_OPTIONS } from '../../src/config/schema.js';
import { startTestIssuer, type TestIssuer } from '../support/issuer.js';

// The deployment files of deploy/ are checked against the issuer itself: every RUNID_* (and
// DATABASE_URL*) variable they set is one the issuer reads, with a value it accepts; every probe
// path answers 200 on a real issuer; ports, selectors and secret mounts agree with each other.

const DEPLOY = new URL('../../deploy/', import.meta.url);
const OPTIONS = new Map<string, (typeof CONFIG_OPTIONS)[number]>(
  CONFIG_OPTIONS.map((o) => [o.env, o]),
);

// biome-ignore lint/suspicious/noExplicitAny: manifests are untyped YAML
type Doc = any;

function kubernetes(): Map<string, Doc> {
  const byKind = new Map<string, Doc>();
  const dir = new URL('kubernetes/', DEPLOY);
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(readFileSync(new URL(name, dir), 'utf8'))) {
      expect(document.errors, name).toEqual([]);
      const value = document.toJS();
      expect(value.apiVersion, name).toBeTypeOf('string');
      byKind.set(value.kind, value);
    }
  }
  return byKind;
}

/** Problems of one variable as a manifest sets it: unknown to the issuer, or a value it refuses. */
function envProblems(name: string, value: string | undefined): string[] {
  const option = OPTIONS.get(name);
  if (option === undefined) return [`${name} is not a variable the issuer reads`];
  if (value === undefined || ('secret' in option && option.secret)) return [];
  const parsed = option.schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${name}=${value}: ${i.message}`);
}

const manifests = kubernetes();
const deployment = manifests.get('Deployment');
const pod = deployment?.spec?.template?.spec;
const container = pod?.containers?.[0];
const env = new Map<string, string | undefined>(
  (container?.env ?? []).map((e: { name: string; value?: string }) => [e.name, e.value]),
);

describe('Kubernetes manifests (deploy/kubernetes)', () => {
  it('hold a Deployment, a Service, a Secret and a PodDisruptionBudget', () => {
    expect([...manifests.keys()].sort()).toEqual([
      'Deployment',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
  });

  it('set only variables the issuer reads, with values it accepts, and never a secret inline', () => {
    const problems = [...env].flatMap(([name, value]) => envProblems(name, value));
    expect(problems).toEqual([]);
    for (const option of CONFIG_OPTIONS) {
      if ('secret' in option && option.secret) expect(env.has(option.env), option.env).toBe(false);
    }
    for (const name of ['RUNID_ISSUER_URL', 'RUNID_KEK_FILE', 'DATABASE_URL_FILE', 'RUNID_HOST']) {
      expect(env.has(name), name).toBe(true);
    }
  });

  it('mount each *_FILE from the Secret, under a key the Secret has', () => {
    const secret = manifests.get('Secret');
    const volume = pod.volumes.find((v: Doc) => v.secret?.secretName === secret.metadata.name);
    expect(volume).toBeDefined();
    const mount = container.volumeMounts.find((m: Doc) => m.name === volume.name);
    expect(mount.readOnly).toBe(true);
    const keys = Object.keys(secret.stringData ?? secret.data);
    const files = [...env].filter(([name]) => name.endsWith('_FILE'));
    expect(files.length).toBe(3);
    for (const [name, path] of files) {
      expect(path?.startsWith(`${mount.mountPath}/`), name).toBe(true);
      expect(keys, name).toContain(path?.slice(mount.mountPath.length + 1));
    }
    // The placeholders are refused by the issuer, so nobody runs on a published KEK.
    for (const [key, option] of [
      ['kek', 'RUNID_KEK'],
      ['admin-key', 'RUNID_BOOTSTRAP_ADMIN_KEY'],
      ['database-url', 'DATABASE_URL'],
    ] as const) {
      expect(OPTIONS.get(option)?.schema.safeParse(secret.stringData[key]).success, key).toBe(
        false,
      );
    }
  });

  it('agree on ports, labels and the shutdown deadline', () => {
    const ports = new Map<string, number>(
      container.ports.map((p: Doc) => [p.name, p.containerPort]),
    );
    expect(ports.get('http')).toBe(Number(env.get('RUNID_PORT')));
    expect(ports.get('metrics')).toBe(Number(env.get('RUNID_METRICS_PORT')));
    const annotations = deployment.spec.template.metadata.annotations;
    expect(Number(annotations['prometheus.io/port'])).toBe(Number(env.get('RUNID_METRICS_PORT')));
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    const service = manifests.get('Service');
    expect(service.spec.selector).toEqual(labels);
    for (const port of service.spec.ports) expect(ports.has(port.targetPort)).toBe(true);
    // The public Service never exposes the metrics listener.
    expect(service.spec.ports.map((p: Doc) => p.targetPort)).not.toContain('metrics');
    expect(manifests.get('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    expect(manifests.get('PodDisruptionBudget').spec.minAvailable).toBeLessThan(
      deployment.spec.replicas,
    );
    const preStop = Number(container.lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(
      Number(env.get('RUNID_SHUTDOWN_TIMEOUT')) + preStop,
    );
    expect(pod.securityContext.runAsUser).toBe(10001);
  });

  describe('probes, against a real issuer', () => {
    let issuer: TestIssuer;
    beforeAll(async () => {
      issuer = await startTestIssuer();
    });
    afterAll(async () => {
      await issuer?.close();
      if (issuer) rmSync(issuer.dataDir, { recursive: true, force: true });
    });

    it('probe real routes on the public port; liveness checks nothing but the process', async () => {
      const probes = {
        startupProbe: container.startupProbe,
        livenessProbe: container.livenessProbe,
        readinessProbe: container.readinessProbe,
      };
      for (const [kind, probe] of Object.entries(probes)) {
        expect(probe?.httpGet?.port, kind).toBe('http');
        const answer = await issuer.call('GET', probe.httpGet.path);
        expect(answer.status, `${kind} ${probe.httpGet.path}`).toBe(200);
      }
      expect(probes.livenessProbe.httpGet.path).toBe('/livez');
      // Readiness must not drop every pod (discovery included) when PostgreSQL is down.
      expect(probes.readinessProbe.httpGet.path).toBe('/readyz/discovery');
    });
  });
});

describe('systemd unit (deploy/systemd)', () => {
  const unit = readFileSync(new URL('systemd/runid-issuer.service', DEPLOY), 'utf8');
  const example = readFileSync(new URL('systemd/issuer.env.example', DEPLOY), 'utf8');

  function assignments(text: string, prefix: string): [string, string][] {
    return text
      .split('\n')
      .map((line) => line.trim().replace(/^#\s*(?=[A-Z_]+=)/, ''))
      .filter((line) => line.startsWith(prefix))
      .filter((line) => /^[A-Za-z_][A-Za-z0-9_-]*=/.test(line.slice(prefix.length)))
      .map((line) => {
        const body = line.slice(prefix.length);
        const at = body.indexOf('=');
        return [body.slice(0, at), body.slice(at + 1)];
      });
  }

  it('sets only variables the issuer reads, with values it accepts; secrets only as credentials', () => {
    const set = [...assignments(unit, 'Environment='), ...assignments(example, '')];
    expect(set.length).toBeGreaterThanOrEqual(8);
    const problems = set.flatMap(([name, value]) =>
      // %d (the credentials directory) is expanded by systemd.
      envProblems(name, value.includes('%d') ? undefined : value),
    );
    expect(problems).toEqual([]);
    const names = new Set(set.map(([name]) => name));
    for (const option of CONFIG_OPTIONS) {
      if ('secret' in option && option.secret)
        expect(names.has(option.env), option.env).toBe(false);
    }
    const credentials = [...unit.matchAll(/^LoadCredential=([\w-]+):\S+$/gm)].map((m) => m[1]);
    expect(credentials.length).toBeGreaterThanOrEqual(2);
    const credentialDir = /^Environment=(RUNID_\w+_FILE)=%d\/(\S+)$/gm;
    for (const match of unit.matchAll(credentialDir)) {
      expect(credentials, match[1]).toContain(match[2]);
    }
    expect(unit).toMatch(/^ExecStart=.*runid-issuer serve$/m);
    expect(unit).toMatch(/^RestartPreventExitStatus=2 4$/m);
  });
});
