import type { z } from 'zod';
import { isValidRepository } from '../../registry/reference.js';
import { normaliseHost, type PushedImage } from '../images.js';
import { BadPayload, MAX_IMAGES } from './types.js';

/** Parses the body as JSON and validates it against the source's (lenient) schema; BadPayload otherwise. */
export function readJson<T>(body: Buffer, schema: z.ZodType<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadPayload(`${what}: the body is not JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new BadPayload(`${what}: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
  }
  return result.data;
}

/** Builds a pushed image after checking it is a plausible repository; BadPayload otherwise. */
export function pushed(host: string, repository: string, tag: string | undefined, what: string): PushedImage {
  const repo = repository.toLowerCase().replace(/^\/+|\/+$/g, '');
  if (!host || !/^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i.test(host)) throw new BadPayload(`${what}: invalid registry host`);
  if (!isValidRepository(repo)) throw new BadPayload(`${what}: invalid repository name`);
  return tag ? { host: normaliseHost(host), repository: repo, tag } : { host: normaliseHost(host), repository: repo };
}

export function limited(images: PushedImage[], what: string): PushedImage[] {
  if (images.length > MAX_IMAGES) throw new BadPayload(`${what}: more than ${MAX_IMAGES} images in one delivery`);
  return images;
}

/** The host of `host/path…` or of a URL; undefined when there is none. */
export function hostOf(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const withoutScheme = reference.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const first = withoutScheme.split('/')[0] ?? '';
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}
