/** The store conformance suite (store-conformance.ts) against a real redis-server started by this suite. */
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/guardrails';
import { storeConformance } from './store-conformance';
import { useRedis } from './redis-server';

describe('the Redis store', () => {
  const redis = useRedis();
  const prefix = `test-${randomUUID().slice(0, 8)}:`;

  storeConformance(() => ({
    open: () => openStore({ type: 'redis', url: redis.url(), prefix }),
    // A port nothing listens on (the suite's server's port + 1 is not guaranteed free; port 1 is never Redis).
    unreachable: () => openStore({ type: 'redis', url: 'redis://:secret-password@127.0.0.1:1/0', prefix }),
  }));
});
