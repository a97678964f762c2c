import { RegistryError, type Registry } from '../registry/types.js';

export interface RegistryOperation {
  /** The registry as policies name it (`docker.io`, `ghcr.io`). */
  host: string;
  kind: string;
  /** `ok`, or the kind of RegistryError (`unauthorized`, `rate-limited`, …), or `error`. */
  status: string;
}

const KINDS: Record<string, string> = {
  listTags: 'tags',
  headManifest: 'manifest-head',
  getManifest: 'manifest',
  getImageConfig: 'config',
};

/**
 * The registry as one cycle sees it: every operation first checks the cycle's AbortSignal (an
 * abandoned cycle stops asking), and each one is reported for metrics. A Proxy, so operations the
 * port gains later are covered without a change here.
 */
export function cycleRegistry(registry: Registry, signal: AbortSignal, report: (op: RegistryOperation) => void): Registry {
  return new Proxy(registry, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return async (...args: unknown[]) => {
        signal.throwIfAborted();
        const host = hostOf(args[0]);
        const kind = KINDS[property] ?? property;
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          report({ host, kind, status: 'ok' });
          return result;
        } catch (err) {
          report({ host, kind, status: err instanceof RegistryError ? err.kind : 'error' });
          throw err;
        }
      };
    },
  });
}

function hostOf(arg: unknown): string {
  const registry = (arg as { registry?: unknown } | undefined)?.registry;
  return typeof registry === 'string' ? registry : 'unknown';
}
