import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTIO_CORE_PACKAGE, ATTIO_CORE_VERSION, userAgentFor } from './version.js';

describe('version', () => {
  it('when compared with package.json, then name and version match', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(ATTIO_CORE_PACKAGE).toBe(pkg.name);
    expect(ATTIO_CORE_VERSION).toBe(pkg.version);
  });

  it('when a product token is given, then it precedes the library token', () => {
    expect(userAgentFor()).toBe('@attio-auth/attio-core/0.0.1');
    expect(userAgentFor('  ')).toBe('@attio-auth/attio-core/0.0.1');
    expect(userAgentFor('attio-verify/1.0.0')).toBe(
      'attio-verify/1.0.0 @attio-auth/attio-core/0.0.1',
    );
  });
});
