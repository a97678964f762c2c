import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/manifests/types.js';
import { DEFAULT_COMMIT_TEMPLATE, renderCommitMessage } from '../../../src/report/commit-message.js';

const changes = [
  { file: 'apps/web.yaml', line: 9, policy: 'apps:web', part: 'whole', image: 'r/web', from: 'r/web:1.0.0', to: 'r/web:1.2.0' },
  { file: 'apps/api.yaml', line: 4, policy: 'default:api', part: 'tag', image: 'r/api', from: '5', to: '7' },
] as Change[];

describe('commit message templates', () => {
  it('keep the original placeholders', () => {
    expect(renderCommitMessage(changes, DEFAULT_COMMIT_TEMPLATE)).toBe(
      'chore(images): update 2 images\n\n- apps:web in apps/web.yaml:9: r/web:1.0.0 → r/web:1.2.0\n- default:api (tag) in apps/api.yaml:4: 5 → 7\n',
    );
    expect(renderCommitMessage(changes, '{{count}} | {{policies}} | {{images}}')).toBe('2 | apps:web, default:api | r/web:1.2.0, r/api:7');
  });

  it('iterate over records and files, and give Flux\'s .Changed and .Values', () => {
    const t = '{{#each files}}{{file}}:{{#each records}} {{name}}={{toTag}}{{/each}}\n{{/each}}' + '{{#each Changed.Changes}}{{Setter}} {{OldValue}}->{{NewValue}};{{/each}}' + '{{#each Values}} {{@key}}={{this}}{{/each}}';
    expect(renderCommitMessage(changes, t)).toBe(
      'apps/web.yaml: apps:web=1.2.0\napps/api.yaml: api=7\napps:web r/web:1.0.0->r/web:1.2.0;default:api 5->7; apps:web=r/web:1.2.0 default:api=7',
    );
  });

  it('write values as they are, without HTML escaping', () => {
    expect(renderCommitMessage([{ ...changes[0]!, to: 'r/web:1.2.0&x<y>' }], '{{images}}')).toBe('r/web:1.2.0&x<y>');
  });

  it('append trailers after a blank line', () => {
    expect(renderCommitMessage(changes.slice(0, 1), '{{summary}}\n', ['Signed-off-by: Bot <bot@example.test>', 'Change-Type: images'])).toBe(
      'chore(images): update apps:web to 1.2.0\n\nSigned-off-by: Bot <bot@example.test>\nChange-Type: images\n',
    );
  });
});
