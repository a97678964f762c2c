import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatYamlPath, parseYamlPath } from '../../../src/manifests/targets/index.js';
import { resolveYamlPath, scalarText } from '../../../src/manifests/targets/yaml-path.js';

const doc = parseDocument(`spec:
  values:
    image: { tag: "1.0" }
  containers:
    - name: side
      image: busybox
    - name: web
      image: web:1
metadata:
  annotations:
    example.com/image: web:2
  "1": one
`);

const at = (path: string) => {
  const parsed = parseYamlPath(path);
  if (!parsed.ok) throw new Error(parsed.message);
  return scalarText(resolveYamlPath(doc.contents, parsed.segments));
};

describe('YAML paths', () => {
  it.each([
    ['spec.values.image.tag', '1.0'],
    ['.spec.values.image.tag', '1.0'],
    ['spec.containers[1].image', 'web:1'],
    ['spec.containers[name=web].image', 'web:1'],
    ['spec.containers[ name = side ].image', 'busybox'],
    ['metadata.annotations["example.com/image"]', 'web:2'],
    ["metadata.annotations['example.com/image']", 'web:2'],
    ['metadata["1"]', 'one'],
    ['metadata.1', 'one'],
  ])('%s resolves to %s', (path, value) => {
    expect(at(path)).toBe(value);
  });

  it.each(['spec.nothing.tag', 'spec.containers[5].image', 'spec.containers[name=api].image', 'spec.values[0]', 'spec.containers.name'])(
    '%s resolves to nothing',
    (path) => expect(at(path)).toBeUndefined(),
  );

  it.each(['', '.', 'a..b', 'a.', 'a[', 'a[x', 'a]b', 'a["b"]c', '[=1]'])('rejects %j with a reason', (path) => {
    const parsed = parseYamlPath(path);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).not.toBe('');
  });

  it('formats found paths so they can be pasted back into a path target', () => {
    const path = formatYamlPath(['spec', 'containers', 0, 'image']);
    expect(path).toBe('spec.containers[0].image');
    expect(formatYamlPath(['metadata', 'annotations', 'example.com/image'])).toBe('metadata.annotations["example.com/image"]');
    expect(at(formatYamlPath(['metadata', 'annotations', 'example.com/image']))).toBe('web:2');
  });
});
