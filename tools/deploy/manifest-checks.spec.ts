import {
  appOfArgs,
  envProblems,
  IMAGE_PATTERN,
  inlineSecretValues,
  securityProblems,
} from './manifest-checks.js';

const facts = {
  variables: ['PORT', 'ATTIO_CLIENT_SECRET'],
  fileVariables: ['ATTIO_CLIENT_SECRET'],
};

describe('manifest-checks', () => {
  it('when a manifest sets an unknown variable, an inline secret or a _FILE outside the mounts, then each is named', () => {
    expect(
      envProblems(
        'deployment.yaml',
        [
          { name: 'PORT', value: '3000' },
          { name: 'PORTT', value: '3000' },
          { name: 'ATTIO_CLIENT_SECRET', value: 'shh' },
          { name: 'ATTIO_CLIENT_SECRET_FILE', value: '/etc/secret' },
          { name: 'PORT_FILE', value: '/run/secrets/port' },
        ],
        facts,
        ['/run/secrets/attio-auth'],
      ),
    ).toEqual([
      'deployment.yaml: PORTT is not a variable of the app',
      'deployment.yaml: ATTIO_CLIENT_SECRET is a secret set inline; use ATTIO_CLIENT_SECRET_FILE or a secretKeyRef',
      'deployment.yaml: ATTIO_CLIENT_SECRET_FILE=/etc/secret is not inside a mounted secret (/run/secrets/attio-auth)',
      'deployment.yaml: PORT_FILE is not a variable of the app',
    ]);
  });

  it('when a secret comes from a secretKeyRef or a file in the mount, then it is accepted', () => {
    expect(
      envProblems(
        'c',
        [
          { name: 'ATTIO_CLIENT_SECRET', fromSecret: true },
          {
            name: 'ATTIO_CLIENT_SECRET_FILE',
            value: '/run/secrets/attio-auth/attio-client-secret',
          },
        ],
        facts,
        ['/run/secrets/attio-auth/'],
      ),
    ).toEqual([]);
  });

  it('when args name an app of the entry point, then its folder is returned; no args mean the default app', () => {
    expect([
      appOfArgs(['attio-token-health', '--once']),
      appOfArgs(['attio-verify']),
      appOfArgs(['attio-auth', 'keygen']),
      appOfArgs(undefined),
      appOfArgs(['node', 'main.js']),
    ]).toEqual(['token-health', 'verify-cli', 'ops-cli', 'oauth-callback', undefined]);
  });

  it('when a Secret template carries values, then their keys are named', () => {
    expect(inlineSecretValues({ stringData: { a: '', b: 'x' }, data: { c: 'eA==' } })).toEqual([
      'c',
      'b',
    ]);
  });

  it('when the hardening is incomplete, then every missing part is named', () => {
    expect(securityProblems('c', { runAsUser: 0, readOnlyRootFilesystem: false })).toEqual([
      'c: runAsNonRoot is not true',
      'c: runAsUser is not 10001',
      'c: readOnlyRootFilesystem is not true',
      'c: allowPrivilegeEscalation is not false',
      'c: capabilities do not drop ALL',
    ]);
  });

  it('when image names are checked, then only ghcr.io/<org>/attio-auth:<semver> matches', () => {
    expect(
      [
        'ghcr.io/acme/attio-auth:1.2.3',
        'ghcr.io/acme/attio-auth:1.2.3-rc.1',
        'ghcr.io/acme/attio-auth:latest',
        'registry.example.com/attio-auth:1.0.0',
      ].map((i) => IMAGE_PATTERN.test(i)),
    ).toEqual([true, true, false, false]);
  });
});
