import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderScalar, rewriteFile } from '../../../src/manifests/index.js';
import type { FlowStyle, PolicyUpdate } from '../../../src/manifests/index.js';

/** Valid tags that YAML 1.1 or 1.2 would read as something else when written plain. */
const NON_STRING_TAGS = ['20240315', '1.10', '10', '0755', '0x1F', '1e3', '1_000', '2024-03-15', 'yes', 'No', 'on', 'Y', 'null', 'NULL', 'true', 'False'];
/** OCI tag grammar: `[\w][\w.-]{0,127}` (shortened: length does not matter here), biased towards tricky ones. */
const tag = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,24}$/), fc.constantFrom(...NON_STRING_TAGS));
const repository = fc.stringMatching(/^(?:[a-z0-9]+(?:\.[a-z0-9]+)*(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+)*$/);
const style = fc.constantFrom<FlowStyle>('PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE');
const lineEnding = fc.constantFrom('\n', '\r\n');

const TAG_LINE = 5;
const IMAGE_LINE = 17;

/** A Kustomization and a Deployment; line TAG_LINE and line IMAGE_LINE (1-based) carry the markers. */
function manifest(tagText: string, imageText: string, eol: string): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'images:',
    '  - name: app',
    `    newTag: ${tagText} # {"$imagepolicy": "apps:app:tag"}`,
    '    newName: keep/me',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: app}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: side',
    '          image: side:1.0.0',
    `        - image: ${imageText}   # {"$imagepolicy": "apps:app"}`,
    '          name: app',
    '',
  ].join(eol);
}

interface Values {
  tag: unknown;
  image: unknown;
}

function readValues(text: string, version: '1.1' | '1.2'): Values {
  const docs = parseAllDocuments(text, { version });
  if (!Array.isArray(docs)) throw new Error('no documents');
  expect(docs.flatMap((doc) => doc.errors)).toEqual([]);
  const [kustomization, deployment] = docs.map((doc) => doc.toJS() as unknown);
  const images = (kustomization as { images: { newTag: unknown }[] }).images;
  const containers = (deployment as { spec: { template: { spec: { containers: { image: unknown }[] } } } }).spec.template.spec.containers;
  return { tag: images[0]?.newTag, image: containers[1]?.image };
}

function sameOutsideMarkedValues(before: string, after: string, eol: string): void {
  const [a, b] = [before.split(eol), after.split(eol)];
  expect(b.length).toBe(a.length);
  a.forEach((line, i) => {
    if (i === TAG_LINE - 1 || i === IMAGE_LINE - 1) {
      const [prefix, suffix] = [line.slice(0, line.indexOf(': ') + 2), line.slice(line.indexOf(' #') - (i === IMAGE_LINE - 1 ? 2 : 0))];
      expect(b[i]?.startsWith(prefix) && b[i]?.endsWith(suffix)).toBe(true);
    } else {
      expect(b[i]).toBe(line);
    }
  });
}

describe('rewrite properties', () => {
  it('writes any tag into any quoting style: the output parses, only marked values move, a second run is a no-op', () => {
    fc.assert(
      fc.property(tag, tag, repository, style, style, lineEnding, (oldTag, newTag, repo, tagStyle, imageStyle, eol) => {
        const input = manifest(renderScalar(oldTag, tagStyle), renderScalar(`${repo}:${oldTag}`, imageStyle), eol);
        const update: PolicyUpdate = { id: 'apps:app', image: repo, tag: newTag };
        const run = (text: string) => rewriteFile({ file: 'm.yaml', text, updates: new Map([[update.id, update]]), declared: new Set([update.id]) });
        const first = run(input);
        expect(first.problems).toEqual([]);
        for (const version of ['1.1', '1.2'] as const) {
          expect(readValues(first.text, version)).toEqual({ tag: newTag, image: `${repo}:${newTag}` });
        }
        sameOutsideMarkedValues(input, first.text, eol);
        expect(first.changes.map((change) => change.line)).toEqual(oldTag === newTag ? [] : [TAG_LINE, IMAGE_LINE]);
        if (oldTag === newTag) expect(first.text).toBe(input);
        const second = run(first.text);
        expect(second.text).toBe(first.text);
        expect(second.changes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
