/**
 * Child process for the cross-process migration test: opens the store on the SQLite file given as
 * argv[2] with the key ring in argv[3], saves one connection named argv[4] and prints the count.
 * Started several times at once by `sqlite-multi-process.spec.ts`.
 */
import { parseKeyRing } from '../crypto/key-ring.js';
import { openConnectionStore } from '../open-connection-store.js';

const [path, keys, workspaceId] = process.argv.slice(2);
const store = await openConnectionStore({
  databaseUrl: `sqlite:${path}`,
  keyRing: parseKeyRing(keys),
});
await store.saveConnection({
  workspaceId,
  scopes: [],
  token: `token-of-${workspaceId}`,
});
process.stdout.write(`${await store.countConnections()}\n`);
await store.close();
