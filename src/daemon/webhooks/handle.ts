import type { PushedImage } from '../images.js';
import { BadPayload, SOURCE_NAMES, type Delivery, type SourceName, type WebhookSource } from './types.js';

export type DeliveryOutcome = 'accepted' | 'ignored' | 'unauthorized' | 'bad-request' | 'too-large' | 'not-found' | 'unavailable';

export interface DeliveryResult {
  status: number;
  outcome: DeliveryOutcome;
  /** A bounded label for metrics: a configured source name, or `unknown`. */
  source: SourceName | 'unknown';
  message: string;
  images?: PushedImage[];
}

/**
 * Decides what one delivery means: authenticate first (before the body is even parsed), then parse.
 * Pure apart from the sources' HMACs; the server does the I/O around it.
 */
export function handleDelivery(sources: ReadonlyMap<SourceName, WebhookSource>, sourceName: string, delivery: Delivery): DeliveryResult {
  const source = isSourceName(sourceName) ? sources.get(sourceName) : undefined;
  if (!source || (!source.pathSecret && delivery.pathSecret !== undefined)) {
    return { status: 404, outcome: 'not-found', source: 'unknown', message: 'no such webhook' };
  }
  const auth = source.authenticate(delivery);
  if (!auth.ok) return { status: 401, outcome: 'unauthorized', source: source.name, message: auth.reason };
  try {
    const parsed = source.parse(delivery);
    if (parsed.kind === 'ignored') return { status: 200, outcome: 'ignored', source: source.name, message: parsed.reason };
    return { status: 202, outcome: 'accepted', source: source.name, message: 'a cycle for the pushed images follows', images: parsed.images };
  } catch (err) {
    if (err instanceof BadPayload) return { status: 400, outcome: 'bad-request', source: source.name, message: err.message };
    throw err;
  }
}

function isSourceName(name: string): name is SourceName {
  return (SOURCE_NAMES as readonly string[]).includes(name);
}
