import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TRACER_NAME, TRACER_VERSION } from './tracer-name.js';

describe('tracer name', () => {
  it('when compared with package.json, then the scope name and version match the package', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect([TRACER_NAME, TRACER_VERSION]).toEqual([pkg.name, pkg.version]);
  });
});
