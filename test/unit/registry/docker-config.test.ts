import { describe, expect, it } from 'vitest';
import {
  authFor,
  credHelperFor,
  DockerConfigError,
  helperServerUrl,
  parseDockerConfig,
  serverMatches,
} from '../../../src/registry/credentials/docker-config.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('parseDockerConfig', () => {
  it('reads auths in both forms, credHelpers and credsStore', () => {
    const config = parseDockerConfig('/c.json', JSON.stringify({
      auths: {
        'ghcr.io': { auth: b64('octo:ghp_secret') },
        'https://quay.io': { username: 'robot+ci', password: 'quay-secret' },
        'harbor.example.com': {},
      },
      credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
      credsStore: 'desktop',
    }));
    expect(authFor(config, 'ghcr.io')).toEqual({ username: 'octo', password: 'ghp_secret' });
    expect(authFor(config, 'quay.io')).toEqual({ username: 'robot+ci', password: 'quay-secret' });
    expect(authFor(config, 'harbor.example.com')).toBeUndefined(); // a credsStore placeholder
    expect(authFor(config, 'gcr.io')).toBeUndefined();
    expect(credHelperFor(config, '123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe('ecr-login');
    expect(credHelperFor(config, 'ghcr.io')).toBeUndefined();
    expect(config.credsStore).toBe('desktop');
  });

  it('lets auth win over username/password, as Docker does, and keeps colons in passwords', () => {
    const config = parseDockerConfig('/c.json', JSON.stringify({ auths: { 'r.example': { auth: b64('a:b:c'), username: 'x', password: 'y' } } }));
    expect(authFor(config, 'r.example')).toEqual({ username: 'a', password: 'b:c' });
  });

  it('reads identity tokens', () => {
    const config = parseDockerConfig('/c.json', JSON.stringify({ auths: { 'acr.azurecr.io': { identitytoken: 'refresh-me' } } }));
    expect(authFor(config, 'acr.azurecr.io')).toEqual({ identityToken: 'refresh-me' });
  });

  it('reads the legacy .dockercfg form without the auths wrapper', () => {
    const config = parseDockerConfig('/.dockercfg', JSON.stringify({ 'registry.example.com': { auth: b64('u:p'), email: 'u@example.com' } }));
    expect(authFor(config, 'registry.example.com')).toEqual({ username: 'u', password: 'p' });
  });

  it('finds Docker Hub under its historic names', () => {
    const config = parseDockerConfig('/c.json', JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') } } }));
    expect(authFor(config, 'docker.io')).toEqual({ username: 'hubuser', password: 'hubpass' });
    expect(helperServerUrl('docker.io')).toBe('https://index.docker.io/v1/');
    expect(helperServerUrl('ghcr.io')).toBe('ghcr.io');
  });

  it.each([
    ['not json', '{', /\/c\.json: not valid JSON/],
    ['a bad auth', JSON.stringify({ auths: { 'r.example': { auth: '%%%' } } }), /auths\.r\.example\.auth: must be base64/],
    ['auth without a colon', JSON.stringify({ auths: { 'r.example': { auth: b64('nocolon-s3cret') } } }), /auths\.r\.example\.auth/],
    ['a helper name with a path', JSON.stringify({ credHelpers: { 'r.example': '../../bin/sh' } }), /credHelpers\.r\.example: must be a helper name/],
    ['auths not an object', JSON.stringify({ auths: [] }), /auths: /],
  ])('names file and field for %s, never the value', (_what, text, message) => {
    let error: unknown;
    try {
      parseDockerConfig('/c.json', text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DockerConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).not.toContain(b64('nocolon-s3cret'));
  });
});

describe('serverMatches', () => {
  it.each([
    ['ghcr.io', 'ghcr.io', true],
    ['https://ghcr.io', 'ghcr.io', true],
    ['https://ghcr.io/v2/', 'ghcr.io', true],
    ['GHCR.IO', 'ghcr.io', true],
    ['registry.example.com:5000', 'registry.example.com:5000', true],
    ['registry.example.com', 'registry.example.com:5000', false],
    ['ghcr.io.evil.example', 'ghcr.io', false],
    ['index.docker.io', 'docker.io', true],
    ['registry-1.docker.io', 'docker.io', true],
    ['docker.io', 'docker.io', true],
  ])('%s names %s: %s', (key, registry, expected) => {
    expect(serverMatches(key, registry)).toBe(expected);
  });
});
