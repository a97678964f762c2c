import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

/**
 * No Docker engine runs here, so the Dockerfile is checked statically: the parser and validator behind
 * VS Code's Docker support, plus the rules that matter for running in a cluster.
 */
const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions().map((i) => ({ keyword: i.getKeyword(), args: i.getTextContent().slice(i.getKeyword().length).trim() }));
const stages = dockerfile.getFROMs();
const finalStage = instructions.slice(instructions.findLastIndex((i) => i.keyword === 'FROM'));

describe('Dockerfile', () => {
  it('has no problem the Dockerfile validator reports', () => {
    expect(validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds in stages and ships only the runtime in the last one', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const copies = finalStage.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies.some((c) => c.includes('--from=build') && c.includes('dist'))).toBe(true);
    expect(copies.some((c) => /\bsrc\b|\btest\b/.test(c.replace('/src/', '')))).toBe(false);
    expect(instructions.some((i) => i.keyword === 'ARG' && /NODE_IMAGE=node:\d+-alpine/.test(i.args))).toBe(true);
    expect(text).not.toMatch(/:latest\b/);
  });

  it('installs git and CA roots, runs as a numeric non-root user under tini', () => {
    const run = finalStage.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
    for (const pkg of ['git', 'ca-certificates', 'tini']) expect(run).toContain(pkg);
    const user = finalStage.filter((i) => i.keyword === 'USER').at(-1)?.args ?? '';
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    const entrypoint = JSON.parse(finalStage.find((i) => i.keyword === 'ENTRYPOINT')!.args) as string[];
    expect(entrypoint.slice(0, 2)).toEqual(['/sbin/tini', '--']);
    expect(entrypoint.slice(2)).toEqual(['node', '/app/dist/cli.js']);
  });

  it('keeps HOME and temp files off the (read-only) root filesystem', () => {
    const env = finalStage.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/HOME=\/tmp/);
    expect(env).toMatch(/TMPDIR=\/tmp/);
  });

  it('sends only the manifests, tsconfig and src to the build context', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    expect(ignore.slice(1).sort()).toEqual(['!package-lock.json', '!package.json', '!src', '!tsconfig.build.json', '!tsconfig.json']);
  });
});
