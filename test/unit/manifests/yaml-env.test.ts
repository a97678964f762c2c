import { describe, expect, it } from 'vitest';
import { withYamlEnv } from '../../../src/manifests/yaml-env.js';

describe('withYamlEnv', () => {
  it('shows the same variables inside and puts the real process.env back', () => {
    const real = process.env;
    process.env.IMAGEBUMP_YAML_ENV_TEST = 'seen';
    try {
      const inside = withYamlEnv(() => ({ value: process.env.IMAGEBUMP_YAML_ENV_TEST, same: process.env === real }));
      expect(inside).toEqual({ value: 'seen', same: false });
      expect(process.env).toBe(real);
    } finally {
      delete process.env.IMAGEBUMP_YAML_ENV_TEST;
    }
  });

  it("answers yaml's switches with their values on entry", () => {
    process.env.LOG_STREAM = 'on';
    try {
      expect(withYamlEnv(() => [process.env.LOG_STREAM, process.env.LOG_TOKENS])).toEqual(['on', undefined]);
    } finally {
      delete process.env.LOG_STREAM;
    }
  });

  it('puts the real process.env back when the parse throws', () => {
    const real = process.env;
    expect(() => withYamlEnv(() => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(process.env).toBe(real);
  });
});
