import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/config/schema/daemon.js';
import { configSchema } from '../../../src/config/schema.js';

describe('daemon config', () => {
  it('parses Go-style durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('5')).toBeUndefined();
    expect(parseDuration('5 m')).toBeUndefined();
  });

  it('has defaults, and durations become milliseconds', () => {
    const c = configSchema.parse({ server: { listen: ':8080', webhooks: { generic: { token: { env: 'T' } } } }, daemon: { intervals: [{ policies: 'apps:*', interval: '2m' }] } });
    expect(c.daemon).toEqual({ deadline: 600_000, jitter: 0, intervals: [{ policies: 'apps:*', interval: 120_000 }] });
    expect(c.server).toMatchObject({ listen: ':8080', maxBodyBytes: 1_048_576, webhooks: { debounce: 500, maxDelay: 5_000 } });
  });

  it('refuses a webhook source without authentication unless explicitly allowed, and bad addresses', () => {
    const bad = configSchema.safeParse({ server: { listen: ':8080', webhooks: { dockerhub: {} } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ['server', 'webhooks', 'dockerhub'], message: 'set pathSecret, or allowUnauthenticated: true' });
    expect(configSchema.safeParse({ server: { listen: ':8080', webhooks: { dockerhub: { allowUnauthenticated: true } } } }).success).toBe(true);
    expect(configSchema.safeParse({ server: { listen: '8080' } }).success).toBe(false);
    expect(configSchema.safeParse({ server: { listen: ':8080', webhooks: { github: { token: { env: 'X' } } } } }).success).toBe(false);
  });
});
