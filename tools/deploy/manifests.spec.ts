import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

import {
  appOfArgs,
  effectiveValue,
  ENTRYPOINT_APPS,
  envProblems,
  IMAGE_PATTERN,
  IMAGE_UID,
  inlineSecretValues,
  securityProblems,
  type AppConfigFacts,
  type EnvSetting,
} from './manifest-checks.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const k8sDir = join(root, 'deploy', 'kubernetes');

interface SchemaLike {
  readonly shape: Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
}

/** An app's schema and secrets, loaded from apps/<app>/src/config.ts (tools never import apps statically). */
async function appFacts(
  app: string,
): Promise<AppConfigFacts & { defaultOf(name: string): string | undefined }> {
  const mod = (await import(pathToFileURL(join(root, 'apps', app, 'src', 'config.ts')).href)) as {
    configSchema: SchemaLike;
    FILE_VARIABLES: readonly string[];
  };
  return {
    variables: Object.keys(mod.configSchema.shape),
    fileVariables: mod.FILE_VARIABLES,
    defaultOf(name) {
      const parsed = mod.configSchema.shape[name]?.safeParse(undefined);
      return parsed?.success && parsed.data !== undefined ? String(parsed.data) : undefined;
    },
  };
}

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function k8sFiles(): string[] {
  return readdirSync(k8sDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

function k8sDocs(): { file: string; doc: Doc }[] {
  return k8sFiles().flatMap((file) =>
    parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]?.message}`);
      return { file, doc: d.toJS() as Doc };
    }),
  );
}

const ofKind = (kind: string) => k8sDocs().filter((d) => d.doc['kind'] === kind);

/** Containers with the pod spec around them, of Deployments and CronJobs. */
function workloads(): { where: string; pod: Doc; container: Doc }[] {
  return k8sDocs().flatMap(({ file, doc }) => {
    const pod: Doc | undefined =
      doc['kind'] === 'Deployment'
        ? doc['spec']?.template?.spec
        : doc['kind'] === 'CronJob'
          ? doc['spec']?.jobTemplate?.spec?.template?.spec
          : undefined;
    if (!pod) return [];
    return (pod['containers'] as Doc[]).map((container) => ({
      where: `${file} ${doc['kind']}/${doc['metadata'].name} container ${container['name']}`,
      pod,
      container,
    }));
  });
}

const k8sEnv = (container: Doc): EnvSetting[] =>
  ((container['env'] ?? []) as Doc[]).map((e) => ({
    name: e['name'] as string,
    ...(e['value'] !== undefined ? { value: String(e['value']) } : {}),
    ...(e['valueFrom']?.secretKeyRef ? { fromSecret: true } : {}),
  }));

/** Mount paths of the pod's Secret volumes in this container. */
function secretMounts(pod: Doc, container: Doc): string[] {
  const secretVolumes = new Set(
    ((pod['volumes'] ?? []) as Doc[]).filter((v) => v['secret']).map((v) => v['name'] as string),
  );
  return ((container['volumeMounts'] ?? []) as Doc[])
    .filter((m) => secretVolumes.has(m['name']))
    .map((m) => m['mountPath'] as string);
}

function routeSource(...parts: string[]): string {
  return readFileSync(join(root, 'apps', ...parts), 'utf8');
}

describe('deploy/kubernetes manifests', () => {
  it('when every manifest is parsed, then each is valid YAML with apiVersion, kind and a name', () => {
    const docs = k8sDocs();
    expect(docs.map((d) => `${d.file}:${d.doc['kind']}`)).toEqual([
      'cronjob.yaml:CronJob',
      'deployment.yaml:Deployment',
      'ingress.yaml:Ingress',
      'kustomization.yaml:Kustomization',
      'namespace.yaml:Namespace',
      'secret.yaml:Secret',
      'service.yaml:Service',
      'servicemonitor.yaml:ServiceMonitor',
    ]);
    for (const { doc } of docs) {
      expect(typeof doc['apiVersion']).toBe('string');
      if (doc['kind'] !== 'Kustomization') expect(typeof doc['metadata']?.name).toBe('string');
    }
  });

  it('when kustomization.yaml lists its resources, then it lists exactly the other manifests', () => {
    const [kustomization] = ofKind('Kustomization');
    expect([...(kustomization?.doc['resources'] as string[])].sort()).toEqual(
      k8sFiles().filter((f) => f !== 'kustomization.yaml'),
    );
  });

  it('when a container sets environment variables, then each exists in its app schema and no secret is inline', async () => {
    const problems: string[] = [];
    const seen: string[] = [];
    for (const { where, pod, container } of workloads()) {
      const app = appOfArgs(container['args']);
      if (app === undefined) {
        problems.push(`${where}: args[0] (${container['args']?.[0]}) names no app of the image`);
        continue;
      }
      seen.push(app);
      problems.push(
        ...envProblems(where, k8sEnv(container), await appFacts(app), secretMounts(pod, container)),
      );
    }
    expect(seen.sort()).toEqual(['oauth-callback', 'token-health']);
    expect(problems).toEqual([]);
  });

  it('when a container mounts the Secret as files, then every NAME_FILE it sets names a key of the Secret', () => {
    const [secret] = ofKind('Secret');
    const keys = Object.keys(secret?.doc['stringData'] ?? {});
    const problems: string[] = [];
    for (const { where, container } of workloads()) {
      for (const e of k8sEnv(container).filter((s) => s.name.endsWith('_FILE'))) {
        const key = (e.value ?? '').split('/').pop() ?? '';
        if (!keys.includes(key))
          problems.push(`${where}: ${e.name} names ${key}, not a key of the Secret`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('when the Secret template is read, then it carries no value', () => {
    const secrets = ofKind('Secret');
    expect(secrets.length).toBe(1);
    expect(inlineSecretValues(secrets[0]?.doc ?? {})).toEqual([]);
  });

  it("when the Deployment's probes and ports are read, then they hit the service's /healthz and /readyz on its PORT", async () => {
    const probes = routeSource('oauth-callback', 'src', 'routes', 'probe-routes.ts');
    for (const path of ['/healthz', '/readyz', '/metrics'])
      expect(probes).toContain(`router.get('${path}'`);
    const facts = await appFacts('oauth-callback');
    const [deployment] = ofKind('Deployment');
    const pod = deployment?.doc['spec'].template.spec as Doc;
    const container = (pod['containers'] as Doc[])[0] as Doc;
    const port = Number(effectiveValue(k8sEnv(container), 'PORT', facts.defaultOf('PORT')));
    expect(port).toBe(3000);
    expect(container['ports']).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
    expect(effectiveValue(k8sEnv(container), 'HOST', facts.defaultOf('HOST'))).toBe('0.0.0.0');
    expect({
      startup: container['startupProbe'].httpGet,
      liveness: container['livenessProbe'].httpGet,
      readiness: container['readinessProbe'].httpGet,
    }).toEqual({
      startup: { path: '/healthz', port: 'http' },
      liveness: { path: '/healthz', port: 'http' },
      readiness: { path: '/readyz', port: 'http' },
    });
    // SIGTERM drains for SHUTDOWN_TIMEOUT_MS: the pod must be given longer before it is killed.
    const shutdownMs = Number(
      effectiveValue(
        k8sEnv(container),
        'SHUTDOWN_TIMEOUT_MS',
        facts.defaultOf('SHUTDOWN_TIMEOUT_MS'),
      ),
    );
    expect(pod['terminationGracePeriodSeconds'] * 1000).toBeGreaterThan(shutdownMs);
  });

  it('when the Service, Ingress and ServiceMonitor are read, then they reach the named container port and /metrics', () => {
    const [service] = ofKind('Service');
    const [ingress] = ofKind('Ingress');
    const [monitor] = ofKind('ServiceMonitor');
    const [deployment] = ofKind('Deployment');
    const labels = deployment?.doc['spec'].template.metadata.labels as Record<string, string>;
    expect(service?.doc['spec'].selector).toEqual(labels);
    expect(service?.doc['spec'].ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
    const backends = (ingress?.doc['spec'].rules[0].http.paths as Doc[]).map((p) => [
      p['path'],
      p['backend'].service.name,
      p['backend'].service.port.name,
    ]);
    expect(backends).toEqual([
      ['/install', 'attio-auth', 'http'],
      ['/oauth/callback', 'attio-auth', 'http'],
      ['/', 'attio-auth', 'http'],
    ]);
    expect(monitor?.doc['spec'].selector.matchLabels).toEqual(labels);
    expect(monitor?.doc['spec'].endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '30s' },
    ]);
  });

  it('when the pods are read, then they run as the image user, non-root, read-only, without capabilities', () => {
    const problems = workloads().flatMap(({ where, pod, container }) =>
      securityProblems(where, {
        runAsNonRoot:
          container['securityContext']?.runAsNonRoot ?? pod['securityContext']?.runAsNonRoot,
        runAsUser: container['securityContext']?.runAsUser ?? pod['securityContext']?.runAsUser,
        readOnlyRootFilesystem: container['securityContext']?.readOnlyRootFilesystem,
        allowPrivilegeEscalation: container['securityContext']?.allowPrivilegeEscalation,
        dropsAll: (container['securityContext']?.capabilities?.drop ?? []).includes('ALL'),
      }),
    );
    expect(problems).toEqual([]);
    const dockerfile = readFileSync(join(root, 'deploy', 'image', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`USER ${IMAGE_UID}:${IMAGE_UID}`);
  });

  it('when the images and resources are read, then each is ghcr.io/<org>/attio-auth:<version> with requests and a memory limit', () => {
    for (const { where, container } of workloads()) {
      expect([where, IMAGE_PATTERN.test(container['image'])]).toEqual([where, true]);
      expect([where, Object.keys(container['resources'].requests).sort()]).toEqual([
        where,
        ['cpu', 'memory'],
      ]);
      expect([where, typeof container['resources'].limits.memory]).toEqual([where, 'string']);
    }
    const [kustomization] = ofKind('Kustomization');
    expect(kustomization?.doc['images'][0].name).toBe(
      (workloads()[0]?.container['image'] as string).split(':')[0],
    );
  });

  it("when the CronJob runs the checker, then it is the token-health README's job: --once, never overlapping, not retried", () => {
    const [cron] = ofKind('CronJob');
    const spec = cron?.doc['spec'] as Doc;
    expect(spec['concurrencyPolicy']).toBe('Forbid');
    expect(spec['jobTemplate'].spec.backoffLimit).toBe(0);
    expect(spec['jobTemplate'].spec.template.spec.containers[0].args).toEqual([
      'attio-token-health',
      '--once',
      '--json',
    ]);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parse(readFileSync(join(root, 'deploy', 'compose.yaml'), 'utf8'), {
    merge: true,
  }) as Doc;
  const services = compose['services'] as Record<string, Doc>;
  const appServices = Object.entries(services).filter(([, s]) =>
    String(s['image'] ?? '').includes('attio-auth'),
  );

  it('when the compose file is parsed, then it has the callback service, PostgreSQL, the scheduled checker and a sandbox profile', () => {
    expect(Object.keys(services).sort()).toEqual([
      'checker',
      'oauth-callback',
      'postgres',
      'sandbox',
    ]);
    expect(services['oauth-callback']?.['command']).toEqual(['oauth-callback']);
    expect(services['checker']?.['command'].slice(0, 2)).toEqual([
      'attio-token-health',
      '--schedule',
    ]);
    expect(services['sandbox']?.['profiles']).toEqual(['sandbox']);
    expect(services['sandbox']?.['build'].target).toBe('sandbox');
    for (const name of ['oauth-callback', 'checker']) {
      expect(services[name]?.['depends_on']).toEqual({
        postgres: { condition: 'service_healthy' },
      });
    }
  });

  it('when an app service sets environment variables, then each exists in its app schema and secrets come from /run/secrets files', async () => {
    const problems: string[] = [];
    for (const [name, service] of appServices) {
      const app = appOfArgs(service['command']);
      if (app === undefined) {
        problems.push(`${name}: command[0] names no app of the image`);
        continue;
      }
      const env = Object.entries(service['environment'] as Record<string, unknown>).map(
        ([k, v]) => ({
          name: k,
          value: String(v),
        }),
      );
      problems.push(...envProblems(`compose ${name}`, env, await appFacts(app), ['/run/secrets']));
      for (const e of env.filter((s) => s.name.endsWith('_FILE'))) {
        const secret = e.value.slice('/run/secrets/'.length);
        if (!(service['secrets'] as string[]).includes(secret))
          problems.push(`compose ${name}: ${e.name} names ${secret}, not one of its secrets`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('when the app services are read, then they run read-only, without capabilities, and the secrets are files outside git', () => {
    for (const [name, service] of appServices) {
      expect([name, service['read_only'], service['cap_drop']]).toEqual([name, true, ['ALL']]);
    }
    const files = Object.values(compose['secrets'] as Record<string, { file: string }>).map(
      (s) => s.file,
    );
    expect(files.every((f) => f.startsWith('./secrets/'))).toBe(true);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toContain('deploy/secrets/');
    expect(readFileSync(join(root, '.dockerignore'), 'utf8')).toContain('deploy/secrets');
  });
});

describe('deploy/image/entrypoint.sh', () => {
  it('when the entry point is read, then it accepts exactly the four app names the manifests use', () => {
    const script = readFileSync(join(root, 'deploy', 'image', 'entrypoint.sh'), 'utf8');
    const cases = [...script.matchAll(/^\s+([a-z-]+)\) dir=([a-z-]+) ;;$/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(Object.fromEntries(cases)).toEqual(ENTRYPOINT_APPS);
  });
});
