import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/manifests/decide.js';
import { rewriteFile, type PolicyUpdate } from '../../../src/manifests/index.js';
import { compareDotted, DIGEST_NEW, DIGEST_OLD } from './cases.js';

const always: PolicyUpdate = { id: 'apps:web', image: 'host:5000/web', tag: '1.2.0', digest: DIGEST_NEW, digestReflection: 'Always', compare: compareDotted };
const ifNotPresent: PolicyUpdate = { ...always, digestReflection: 'IfNotPresent' };

describe('decide with digestReflection', () => {
  it('Always follows the digest of the selected tag, even when the tag is unchanged', () => {
    expect(decide('whole', `host:5000/web:1.2.0@${DIGEST_OLD}`, always)).toEqual({ kind: 'write', to: `host:5000/web:1.2.0@${DIGEST_NEW}` });
    expect(decide('digest', DIGEST_OLD, always, '1.2.0')).toEqual({ kind: 'write', to: DIGEST_NEW });
  });

  it('IfNotPresent keeps a digest written beside the selected tag', () => {
    expect(decide('whole', `host:5000/web:1.2.0@${DIGEST_OLD}`, ifNotPresent)).toEqual({ kind: 'keep' });
    expect(decide('digest', DIGEST_OLD, ifNotPresent, '1.2.0')).toEqual({ kind: 'keep' });
  });

  it('IfNotPresent writes the digest when the tag changes or no digest is there', () => {
    expect(decide('whole', `host:5000/web:1.1.0@${DIGEST_OLD}`, ifNotPresent)).toEqual({ kind: 'write', to: `host:5000/web:1.2.0@${DIGEST_NEW}` });
    expect(decide('whole', 'host:5000/web:1.2.0', ifNotPresent)).toEqual({ kind: 'write', to: `host:5000/web:1.2.0@${DIGEST_NEW}` });
    expect(decide('digest', DIGEST_OLD, ifNotPresent, '1.1.0')).toEqual({ kind: 'write', to: DIGEST_NEW });
    expect(decide('digest', '', ifNotPresent, '1.2.0')).toEqual({ kind: 'write', to: DIGEST_NEW });
  });

  it('IfNotPresent does not keep a digest of another image, nor one it cannot place', () => {
    expect(decide('whole', `other/web:1.2.0@${DIGEST_OLD}`, ifNotPresent)).toEqual({ kind: 'write', to: `host:5000/web:1.2.0@${DIGEST_NEW}` });
    expect(decide('digest', DIGEST_OLD, ifNotPresent)).toEqual({ kind: 'write', to: DIGEST_NEW });
  });
});

describe('rewriteFile with split tag and digest markers', () => {
  const kustomization = (tag: string, digest: string) =>
    `images:\n  - name: web\n    newTag: "${tag}" # {"$imagepolicy": "apps:web:tag"}\n    digest: ${digest} # {"$imagepolicy": "apps:web:digest"}\n`;
  const run = (text: string, update: PolicyUpdate) =>
    rewriteFile({ file: 'k.yaml', text, updates: new Map([[update.id, update]]), declared: new Set([update.id]) });

  it('IfNotPresent leaves a pinned pair alone while the tag stays', () => {
    const text = kustomization('1.2.0', DIGEST_OLD);
    expect(run(text, ifNotPresent).text).toBe(text);
  });

  it('IfNotPresent moves the digest with the tag', () => {
    expect(run(kustomization('1.1.0', DIGEST_OLD), ifNotPresent).text).toBe(kustomization('1.2.0', DIGEST_NEW));
  });

  it('Always re-pins a mutable tag that moved', () => {
    expect(run(kustomization('1.2.0', DIGEST_OLD), always).text).toBe(kustomization('1.2.0', DIGEST_NEW));
  });
});
