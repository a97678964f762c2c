import { describe, expect, it } from 'vitest';
import { rewriteFile, type PolicyUpdate } from '../../../src/manifests/index.js';
import { markersSettled } from '../../../src/manifests/settled.js';
import { compareDotted } from './cases.js';

const web: PolicyUpdate = { id: 'apps:web', image: 'host:5000/web', tag: '1.2.0', compare: compareDotted };
const updates = new Map([[web.id, web]]);
const declared = new Set([web.id, 'apps:idle']);
const M = (ref: string) => `# {"$imagepolicy": "${ref}"}`;

/** The rewrite's own verdict: settled files must be exactly those it would leave alone without a word. */
const untouched = (text: string) => {
  const result = rewriteFile({ file: 'x.yaml', text, updates, declared });
  return result.text === text && result.problems.length === 0;
};

describe('markersSettled', () => {
  it.each([
    ['whole, plain', `image: host:5000/web:1.2.0 ${M('apps:web')}\n`],
    ['whole, double-quoted, in a sequence of mappings', `containers:\n  - name: web\n    image: "host:5000/web:1.2.0" ${M('apps:web')}\n`],
    ['tag, single-quoted', `newTag: '1.2.0'   ${M('apps:web:tag')}\n`],
    ['name, as a sequence item', `- host:5000/web ${M('apps:web:name')}\n`],
    ['a byte order mark at the start', `\ufeffimage: host:5000/web:1.2.0 ${M('apps:web')}\n`],
    ['CRLF line ends', `a: 1\r\nimage: host:5000/web:1.2.0 ${M('apps:web')}\r\nb: 2\r\n`],
    ['a policy without an update this cycle', `image: other:9 ${M('apps:idle')}\n`],
    ['a commented-out marker on a line of its own', `# image: old:1 ${M('apps:web')}\nimage: host:5000/web:1.2.0 ${M('apps:web')}\n`],
    ['marker-like text in a block scalar, holding the value', `data: |\n  image: host:5000/web:1.2.0 ${M('apps:web')}\n`],
    ['two documents, no newline at the end', `---\nimage: host:5000/web:1.2.0 ${M('apps:web')}\n---\nx: host:5000/web:1.2.0 ${M('apps:web')}`],
  ])('true when every marker holds its value: %s', (_, text) => {
    expect(markersSettled(text, updates, declared)).toBe(true);
    expect(untouched(text)).toBe(true);
  });

  it.each([
    ['a value that moves', `image: host:5000/web:1.1.0 ${M('apps:web')}\n`],
    ['a downgrade the guard refuses (reported)', `image: host:5000/web:1.3.0 ${M('apps:web')}\n`],
    ['an undeclared policy (reported)', `image: host:5000/web:1.2.0 ${M('apps:nope')}\n`],
    ['a marker that is not JSON (reported)', `image: host:5000/web:1.2.0 # {"$imagepolicy": apps:web}\n`],
    ['a digest marker', `digest: sha256:${'a'.repeat(64)} ${M('apps:web:digest')}\n`],
    ['an anchored value', `image: &i host:5000/web:1.2.0 ${M('apps:web')}\n`],
    ['a tagged value', `image: !!str host:5000/web:1.2.0 ${M('apps:web')}\n`],
    ['a flow collection', `ports: [host:5000/web:1.2.0] ${M('apps:web')}\n`],
    ['an escape in a double-quoted value', `image: "host:5000/web:1.2.\\x30" ${M('apps:web')}\n`],
    ['a quoted key', `"image": host:5000/web:1.2.0 ${M('apps:web')}\n`],
    ['a marker with no value before it', `image: ${M('apps:web')}\n`],
    ['a byte order mark inside the file, before a commented marker', `a: 1\n\ufeff ${M('apps:web')}\n`],
    ['a lone carriage return on the line', `image: host:5000/web:1.2.0 ${M('apps:web')}\rx: 1\n`],
    ['one moving marker among settled ones', `a: host:5000/web:1.2.0 ${M('apps:web')}\nb: host:5000/web:1.0.0 ${M('apps:web')}\n`],
  ])('false when the parser must decide: %s', (_, text) => {
    expect(markersSettled(text, updates, declared)).toBe(false);
  });

  it('leaves a file with a YAML error elsewhere unparsed: the one thing a skip does not report', () => {
    const text = `image: host:5000/web:1.2.0 ${M('apps:web')}\nbroken: [unclosed\n`;
    expect(markersSettled(text, updates, declared)).toBe(true);
    expect(rewriteFile({ file: 'x.yaml', text, updates, declared }).problems.map((p) => p.kind)).toEqual(['parse-error']);
  });
});
