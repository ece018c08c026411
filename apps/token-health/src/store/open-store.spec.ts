import { generateKeyRingEntry } from '@attio-auth/connection-store';
import { startSilentServer } from '@attio-auth/connection-store/testing';

import { loadConfig } from '../config.js';
import { openStoreFromConfig, StoreOpenError } from './open-store.js';

describe('openStoreFromConfig', () => {
  it('when PostgreSQL accepts TCP and never answers, then it fails within DATABASE_CONNECT_TIMEOUT_MS with a StoreOpenError', async () => {
    const silent = await startSilentServer();
    try {
      const config = loadConfig({
        DATABASE_URL: silent.url,
        TOKEN_ENCRYPTION_KEYS: generateKeyRingEntry('k1'),
        DATABASE_CONNECT_TIMEOUT_MS: '300',
      });
      const started = Date.now();
      const error = await openStoreFromConfig(config).then(
        async (store) => {
          await store.close();
          return new Error('it opened');
        },
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(StoreOpenError);
      expect(error.message).toBe(
        `Cannot open the connection store (DATABASE_URL=postgres://***@127.0.0.1:${silent.port}/appdb): ` +
          `Could not open the PostgreSQL database at 127.0.0.1:${silent.port}/appdb: connected but got no ` +
          'answer within 300 ms. Check that the database URL points at PostgreSQL (not another service) ' +
          'and that the server is not overloaded or stuck.',
      );
      expect(Date.now() - started).toBeLessThan(4_000); // the default connect timeout is 5000 ms
    } finally {
      await silent.close();
    }
  });
});
