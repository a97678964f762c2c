import type { PolicyTarget, TargetSpec } from '../../../src/manifests/targets/index.js';
import type { ChangeRule, PolicyUpdate, ProblemKind, RefPart } from '../../../src/manifests/index.js';
import { compareDotted, compareNumbers, DIGEST_NEW, DIGEST_OLD } from './cases.js';

export { DIGEST_NEW, DIGEST_OLD };

export const WEB = 'ghcr.io/acme/web';
export const API = 'registry.example.com:5000/team/api';

/** What the cycle decided, shared by every target case. */
export const TARGET_UPDATES: readonly PolicyUpdate[] = [
  { id: 'apps:web', image: WEB, tag: '1.25.3', compare: compareDotted },
  { id: 'apps:web-canary', image: WEB, tag: '1.26.0', compare: compareDotted },
  { id: 'apps:api', image: API, tag: '2.1.0', digest: DIGEST_NEW, compare: compareDotted },
  { id: 'default:nginx', image: 'nginx', tag: '1.27.1', compare: compareDotted },
  { id: 'apps:build', image: 'ghcr.io/acme/build', tag: '20240315', compare: compareNumbers },
];

const images = new Map(TARGET_UPDATES.map((u) => [u.id, u.image]));

export function target(policy: string, spec: TargetSpec, index = 0): PolicyTarget {
  return { policy, image: images.get(policy)!, index, spec };
}

export interface TargetChange {
  line: number;
  policy: string;
  part: RefPart;
  from: string;
  to: string;
  rule: ChangeRule;
  target?: number;
  found?: string;
}

export interface TargetCase {
  /** Directory under test/fixtures/targets holding input.yaml and expected.yaml. */
  fixture: string;
  /** Repo-relative path the fixture is read as: the targets' globs are matched against it. */
  file: string;
  /** Every target of every policy; the harness keeps those whose globs match `file`. */
  targets: readonly PolicyTarget[];
  changes: readonly TargetChange[];
  problems: readonly { kind: ProblemKind; line: number }[];
  crlf?: boolean;
}

const auto = (files: string[]): TargetSpec => ({ kind: 'auto', files });
const web = (line: number, from: string, found: string, to = `${WEB}:1.25.3`): TargetChange =>
  ({ line, policy: 'apps:web', part: 'whole', from, to, rule: 'target:auto', target: 0, found });
const webTag = (line: number, from: string, found: string, rule: ChangeRule = 'target:auto', to = '1.25.3'): TargetChange =>
  ({ line, policy: 'apps:web', part: 'tag', from, to, rule, target: 0, found });

const OLD = `${WEB}:1.24.0`;
const api = (line: number, from: string, to: string, part: RefPart, found: string): TargetChange =>
  ({ line, policy: 'apps:api', part, from, to, rule: 'target:auto', target: 0, found });

export const CASES: readonly TargetCase[] = [
  {
    fixture: 'workloads',
    file: 'apps/web/workloads.yaml',
    targets: [target('apps:web', auto(['apps/**/*.yaml']))],
    crlf: true,
    changes: [
      web(9, OLD, 'Pod/debug spec.containers[name=web].image'),
      web(23, OLD, 'Deployment/web spec.template.spec.initContainers[name=migrate].image'),
      web(28, OLD, 'Deployment/web spec.template.spec.containers[name=web].image'),
      web(38, OLD, 'StatefulSet/cache spec.template.spec.containers[name=web].image'),
      web(49, OLD, 'DaemonSet/agent spec.template.spec.containers[name=agent].image'),
      web(59, OLD, 'ReplicaSet/old spec.template.spec.containers[0].image'),
      web(70, OLD, 'Job/once spec.template.spec.containers[name=job].image'),
      web(83, OLD, 'CronJob/nightly spec.jobTemplate.spec.template.spec.containers[name=report].image'),
      web(94, OLD, 'Rollout/canary spec.template.spec.containers[name=web].image'),
    ],
    problems: [],
  },
  {
    fixture: 'normalised-names',
    file: 'apps/edge.yaml',
    targets: [target('default:nginx', auto(['apps/*.yaml']))],
    changes: (['a:nginx', 'b:docker.io/nginx', 'c:docker.io/library/nginx', 'd:index.docker.io/library/nginx'] as const).map((spec, i) => {
      const [name, image] = spec.split(':') as [string, string];
      const found = `Deployment/edge spec.template.spec.containers[name=${name}].image`;
      return { line: 10 + 2 * i, policy: 'default:nginx', part: 'whole', from: `${image}:1.25.0`, to: `${image}:1.27.1`, rule: 'target:auto', target: 0, found };
    }),
    problems: [],
  },
  {
    fixture: 'digests',
    file: 'apps/api.yaml',
    targets: [target('apps:api', auto(['apps/*.yaml'])), target('apps:web', auto(['apps/*.yaml']))],
    changes: [
      api(10, `${API}:2.0.0@${DIGEST_OLD}`, `${API}:2.1.0@${DIGEST_NEW}`, 'whole', 'Deployment/api spec.template.spec.containers[name=both].image'),
      api(12, `${API}@${DIGEST_OLD}`, `${API}@${DIGEST_NEW}`, 'whole', 'Deployment/api spec.template.spec.containers[name=digest-only].image'),
      api(14, `${API}:2.0.0`, `${API}:2.1.0`, 'whole', 'Deployment/api spec.template.spec.containers[name=tag-only].image'),
      api(24, '2.0.0', '2.1.0', 'tag', `Kustomization images[name=${API}] newTag + digest`),
      api(25, DIGEST_OLD, DIGEST_NEW, 'digest', `Kustomization images[name=${API}] newTag + digest`),
    ],
    problems: [
      { kind: 'no-digest', line: 16 },
      { kind: 'downgrade-prevented', line: 18 },
    ],
  },
  {
    fixture: 'kustomization',
    file: 'apps/web/kustomization.yaml',
    targets: [target('apps:web', auto(['apps/**/kustomization.yaml']))],
    crlf: true,
    changes: [
      webTag(9, '1.24.0', 'Kustomization images[name=web] newTag'),
      webTag(12, '1.24.0', `Kustomization images[name=${WEB}] newTag`),
      webTag(22, '1.24.0', `Kustomization images[name=${WEB}] newTag`),
      webTag(34, '1.24.0', `Kustomization/apps spec.images[name=${WEB}] newTag`),
    ],
    problems: [],
  },
  {
    fixture: 'compose',
    file: 'docker-compose.yaml',
    targets: [target('apps:web', auto(['docker-compose.yaml', 'compose.yaml']))],
    changes: [web(4, OLD, 'services.web.image'), web(7, OLD, 'services.worker.image')],
    problems: [],
  },
  {
    fixture: 'helm-auto',
    file: 'charts/web/values.yaml',
    targets: [target('apps:web', { kind: 'helm', files: ['charts/web/values*.yaml'], helm: 'auto' })],
    crlf: true,
    changes: [
      webTag(7, '1.24.0', 'image.registry + image.repository + image.tag', 'target:helm'),
      webTag(13, '1.24.0', 'sidecar.image + sidecar.tag', 'target:helm'),
      webTag(17, 'v1.24.0', 'legacy.image + legacy.imageTag', 'target:helm'),
      webTag(22, '1.24.0', 'worker.image.name + worker.image.tag', 'target:helm'),
      { ...web(24, OLD, 'initImage'), rule: 'target:helm' },
      { ...web(28, OLD, 'extraContainers[0].image'), rule: 'target:helm' },
    ],
    problems: [],
  },
  {
    fixture: 'helm-explicit',
    file: 'charts/web/values-prod.yaml',
    targets: [
      target('apps:api', {
        kind: 'helm',
        files: ['charts/web/values*.yaml'],
        helm: { registry: 'app.img.host', repository: 'app.img.path', tag: 'app.img.version', digest: 'app.img.sha' },
      }),
      target('apps:web', { kind: 'helm', files: ['charts/web/values*.yaml'], helm: { registry: 'other.img.host', repository: 'other.img.path', tag: 'other.img.version' } }),
      target('apps:web', { kind: 'helm', files: ['charts/web/values*.yaml'], helm: { image: 'legacy.image', tag: 'legacy.tag' } }, 1),
    ],
    changes: [
      { ...api(5, '2.0.0', '2.1.0', 'tag', 'app.img.host + app.img.path + app.img.version + app.img.sha'), rule: 'target:helm' },
      { ...api(6, DIGEST_OLD, DIGEST_NEW, 'digest', 'app.img.host + app.img.path + app.img.version + app.img.sha'), rule: 'target:helm' },
      { ...webTag(15, '1.24.0', 'legacy.image + legacy.tag', 'target:helm'), target: 1 },
    ],
    problems: [],
  },
  {
    fixture: 'helm-release-path',
    file: 'clusters/prod/web.yaml',
    targets: [target('apps:web', { kind: 'path', files: ['clusters/*/web.yaml'], path: 'spec.values.image.tag', part: 'tag' })],
    changes: [webTag(14, '1.24.0', 'spec.values.image.tag', 'target:path')],
    problems: [],
  },
  {
    fixture: 'helm-release-auto',
    file: 'clusters/prod/web.yaml',
    targets: [target('apps:web', auto(['clusters/**']))],
    changes: [
      webTag(15, '1.24.0', 'HelmRelease/web spec.values.image.repository + spec.values.image.tag'),
      web(18, OLD, 'HelmRelease/web spec.values.sidecars[0].image'),
    ],
    problems: [],
  },
  {
    fixture: 'path-parts',
    file: 'apps/app.yaml',
    targets: [
      target('apps:api', { kind: 'path', files: ['apps/app.yaml'], path: 'spec.components[name=web].ref', part: 'whole' }),
      target('apps:api', { kind: 'path', files: ['apps/app.yaml'], path: 'spec.components[1].repo', part: 'name' }, 1),
      target('apps:api', { kind: 'path', files: ['apps/app.yaml'], path: '.spec.components[name=web].version', part: 'tag' }, 2),
      target('apps:api', { kind: 'path', files: ['apps/app.yaml'], path: 'spec["components"][name=web].pin', part: 'digest' }, 3),
      target('apps:api', { kind: 'path', files: ['apps/app.yaml'], path: 'spec.components', part: 'tag' }, 4),
      target('apps:api', { kind: 'path', files: ['apps/app.yaml'], path: 'spec.missing.tag', part: 'tag' }, 5),
    ],
    changes: [
      { ...api(10, 'old.example.com/web:1.24.0', `${API}:2.1.0@${DIGEST_NEW}`, 'whole', 'spec.components[name=web].ref'), rule: 'target:path' },
      { ...api(11, 'old.example.com/web', API, 'name', 'spec.components[1].repo'), rule: 'target:path', target: 1 },
      { ...api(12, '1.24.0', '2.1.0', 'tag', '.spec.components[name=web].version'), rule: 'target:path', target: 2 },
      { ...api(13, DIGEST_OLD, DIGEST_NEW, 'digest', 'spec["components"][name=web].pin'), rule: 'target:path', target: 3 },
    ],
    problems: [{ kind: 'not-a-scalar', line: 7 }],
  },
  {
    fixture: 'two-policies',
    file: 'apps/web.yaml',
    targets: [target('apps:web', auto(['apps/*.yaml'])), target('apps:web-canary', auto(['apps/**']))],
    changes: [{ line: 12, policy: 'apps:web-canary', part: 'whole', from: OLD, to: `${WEB}:1.26.0`, rule: 'marker' }],
    problems: [{ kind: 'target-conflict', line: 10 }],
  },
  {
    fixture: 'canary-excluded',
    file: 'apps/canary/web.yaml',
    targets: [target('apps:web', auto(['apps/**/*.yaml', '!apps/canary/**'])), target('apps:web-canary', auto(['apps/canary/*.yaml']))],
    changes: [{ ...web(10, OLD, 'Deployment/web-canary spec.template.spec.containers[name=web].image', `${WEB}:1.26.0`), policy: 'apps:web-canary' }],
    problems: [],
  },
  {
    fixture: 'markers-win',
    file: 'apps/web.yaml',
    targets: [target('apps:web', auto(['apps/*.yaml']))],
    changes: [
      web(10, OLD, 'Deployment/web spec.template.spec.containers[name=web].image'),
      { line: 12, policy: 'apps:web-canary', part: 'whole', from: OLD, to: `${WEB}:1.26.0`, rule: 'marker' },
    ],
    problems: [{ kind: 'downgrade-prevented', line: 15 }],
  },
  {
    fixture: 'block-and-alias',
    file: 'compose.yaml',
    targets: [
      target('apps:web', auto(['compose.yaml'])),
      target('apps:web', { kind: 'path', files: ['compose.yaml'], path: 'image.tag', part: 'tag' }, 1),
    ],
    changes: [web(1, OLD, 'services.web.image')],
    problems: [{ kind: 'not-a-scalar', line: 9 }],
  },
  {
    fixture: 'parse-error',
    file: 'charts/web/values.yaml',
    targets: [target('apps:web', { kind: 'helm', files: ['charts/**'], helm: 'auto' })],
    changes: [],
    problems: [{ kind: 'parse-error', line: 5 }],
  },
  {
    fixture: 'needs-quotes',
    file: 'charts/build/values.yaml',
    targets: [target('apps:build', { kind: 'helm', files: ['charts/*/values.yaml'], helm: 'auto' })],
    changes: [
      { line: 3, policy: 'apps:build', part: 'tag', from: '20240101', to: '20240315', rule: 'target:helm', target: 0, found: 'build.repository + build.tag' },
      { line: 6, policy: 'apps:build', part: 'tag', from: '20240101', to: '20240315', rule: 'target:helm', target: 0, found: 'nightly.repository + nightly.tag' },
    ],
    problems: [],
  },
  {
    fixture: 'up-to-date',
    file: 'apps/web.yaml',
    targets: [target('apps:web', auto(['apps/*.yaml']))],
    changes: [],
    problems: [],
  },
];
