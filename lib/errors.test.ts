import { describe, expect, it } from 'vitest';
import { isOutage, UnavailableError } from './errors';

/*
 * What ioredis says while a Redis or a Cluster node is away or failing over must read as an outage (503
 * with Retry-After); anything else is a bug (a logged 500). The messages are ioredis's and Redis's own.
 */

const REDIS_OUTAGES = [
  'Connection is closed.',
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Command timed out',
  'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
  'Failed to refresh slots cache.',
  'None of startup nodes is available',
  "Cluster isn't ready and enableOfflineQueue options is false",
  'Cluster is disconnected.',
  'Too many Cluster redirections. Last error: Error: Connection is closed.',
  "Socket timeout. Expecting data, but didn't receive any in 2000ms.",
  'CLUSTERDOWN The cluster is down',
  'TRYAGAIN Multiple keys request during rehashing of slot',
  'LOADING Redis is loading the dataset in memory',
  "READONLY You can't write against a read only replica.",
];

describe('isOutage', () => {
  it.each(REDIS_OUTAGES)('reads "%s" as an outage', (message) => {
    expect(isOutage(new Error(message))).toBe(true);
  });

  it('finds an outage anywhere in the cause chain, and in an AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    expect(isOutage(new Error('saving the cart failed', { cause: refused }))).toBe(true);
    expect(isOutage(new AggregateError([new Error('odd'), refused]))).toBe(true);
    expect(isOutage(new UnavailableError('redis', refused))).toBe(true);
  });

  it('leaves bugs as bugs', () => {
    expect(isOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isOutage(new Error('ERR wrong number of arguments for command'))).toBe(false);
    expect(isOutage(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(
      false,
    );
    expect(isOutage('not even an error')).toBe(false);
  });
});
