import { describe, expect, it } from 'vitest';
import { formatPlatform, missingPlatforms, normalizePlatform, parsePlatform, type Platform } from '../../../src/registry/platform.js';

const p = (text: string): Platform => {
  const parsed = parsePlatform(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('parsePlatform', () => {
  it.each([
    ['linux/amd64', 'linux/amd64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/amd64/v3', 'linux/amd64/v3'],
    ['linux/arm64', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/7', 'linux/arm/v7'],
    ['linux/armhf', 'linux/arm/v7'],
    ['linux/arm/v6', 'linux/arm/v6'],
    ['Linux/AMD64', 'linux/amd64'],
    ['windows/amd64', 'windows/amd64'],
  ])('reads %s as %s', (text, want) => {
    expect(formatPlatform(p(text))).toBe(want);
  });

  it.each(['linux', 'amd64', 'linux/', '/amd64', 'linux/arm/v7/x', 'linux/am d64', ''])('refuses %j', (text) => {
    expect(parsePlatform(text)).toEqual(expect.stringContaining('os/architecture[/variant]'));
  });
});

describe('missingPlatforms', () => {
  const index = [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }];

  it('is empty when the image offers every wanted platform, whatever the spelling', () => {
    expect(missingPlatforms(index, [p('linux/amd64'), p('linux/arm64')])).toEqual([]);
    expect(missingPlatforms(index, [p('linux/aarch64')])).toEqual([]);
  });

  it('names what is missing', () => {
    expect(missingPlatforms([{ os: 'linux', architecture: 'amd64' }], [p('linux/amd64'), p('linux/arm64')])).toEqual([p('linux/arm64')]);
  });

  it('keeps amd64 micro-architecture levels apart: a v3-only image does not run on baseline amd64', () => {
    expect(missingPlatforms([{ os: 'linux', architecture: 'amd64', variant: 'v3' }], [p('linux/amd64')])).toHaveLength(1);
  });

  it('treats arm without a variant as v7, not v6', () => {
    expect(missingPlatforms([normalizePlatform({ os: 'linux', architecture: 'arm' })], [p('linux/arm/v7')])).toEqual([]);
    expect(missingPlatforms([normalizePlatform({ os: 'linux', architecture: 'arm' })], [p('linux/arm/v6')])).toHaveLength(1);
  });
});
