import type { z } from 'zod';
import type { LocatedDocument, YamlPath } from './locate.js';
import { compile, type Report } from './parse-policies.js';
import { POLICY_API_VERSION, policyDocumentSchema, policySpecSchema } from './schema.js';
import { DEFAULT_NAMESPACE, type ConfigProblem, type Policy } from './types.js';
import { FLUX_GROUP as GROUP, fluxRepositoryWarnings, type FluxObject, type FluxSpec } from './flux-objects.js';

const VERSIONS: ReadonlySet<string> = new Set(['v1', 'v1beta2', 'v1beta1']);

interface Read {
  file: string;
  located: LocatedDocument;
  kind: 'ImagePolicy' | 'ImageRepository';
  key: string;
  name: string;
  namespace: string;
  spec: FluxSpec;
}

/**
 * Flux's own image objects, read as policies so a Flux repository's markers work unchanged:
 * an `ImagePolicy` (`imageRepositoryRef`, `policy`, `filterTags`, `digestReflectionPolicy`) joined with
 * the `ImageRepository` it names (`image`, `exclusionList`), which may live in another file. The
 * joined policy goes through our own schema and compiler, so it is validated exactly as ours are,
 * with each problem reported at the line of the Flux field it came from.
 */
export function resolveFluxPolicies(objects: readonly FluxObject[]): { policies: Policy[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const read = objects.map((o) => readObject(o, problems)).filter((r): r is Read => r !== undefined);
  const repositories = new Map<string, Read>();
  for (const repo of read.filter((r) => r.kind === 'ImageRepository')) {
    const first = repositories.get(repo.key);
    if (first) problems.push(at(repo, ['metadata', 'name'], `duplicate ImageRepository ${repo.key} (also at ${first.file}:${first.located.lineOf(['metadata', 'name'])}); the first is used`));
    else repositories.set(repo.key, repo);
    problems.push(...fluxRepositoryWarnings(repo.spec, repo.key, (path, message) => at(repo, path, message, 'warning')));
  }
  const policies: Policy[] = [];
  for (const policy of read.filter((r) => r.kind === 'ImagePolicy')) {
    const joined = join(policy, repositories, problems);
    if (joined) policies.push(joined);
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { policies, problems };
}

function readObject(object: FluxObject, problems: ConfigProblem[]): Read | undefined {
  const { doc } = object.located;
  const kind = doc.get('kind') as Read['kind'];
  const version = String(doc.get('apiVersion')).slice(GROUP.length);
  const name = doc.getIn(['metadata', 'name']);
  const base = { file: object.file, located: object.located };
  if (!VERSIONS.has(version)) {
    problems.push(at(base, ['apiVersion'], `apiVersion: ${GROUP}${version} is not supported (${[...VERSIONS].join(', ')} are); this ${kind} is not read`));
    return undefined;
  }
  if (typeof name !== 'string' || name === '') {
    problems.push(at(base, ['metadata', 'name'], `metadata.name: a ${kind} needs a name`, 'error', 'document'));
    return undefined;
  }
  const namespace = doc.getIn(['metadata', 'namespace']);
  const ns = typeof namespace === 'string' && namespace !== '' ? namespace : DEFAULT_NAMESPACE;
  const spec = doc.get('spec');
  const read = object.located.toJS();
  if (!read.ok) {
    problems.push({ file: object.file, line: read.line, message: `${kind} ${ns}/${name}: ${read.message}` });
    return undefined;
  }
  const specJs = (read.value as { spec?: unknown }).spec;
  if (spec === undefined || typeof specJs !== 'object' || specJs === null) {
    problems.push(at(base, ['spec'], `spec: a ${kind} needs a spec`, 'error', 'document'));
    return undefined;
  }
  return { ...base, kind, key: `${ns}/${name}`, name, namespace: ns, spec: specJs as FluxSpec };
}

/** The ImagePolicy joined with its ImageRepository, through our schema and compiler. */
function join(policy: Read, repositories: ReadonlyMap<string, Read>, problems: ConfigProblem[]): Policy | undefined {
  const ref = policy.spec.imageRepositoryRef;
  if (typeof ref?.name !== 'string') {
    problems.push(at(policy, ['spec', 'imageRepositoryRef'], 'spec.imageRepositoryRef.name: required field is missing'));
    return undefined;
  }
  const key = `${typeof ref.namespace === 'string' ? ref.namespace : policy.namespace}/${ref.name}`;
  const repo = repositories.get(key);
  if (!repo) {
    problems.push(at(policy, ['spec', 'imageRepositoryRef'], `spec.imageRepositoryRef: ImageRepository ${key} is not in the policies paths`));
    return undefined;
  }
  const report: Report = (path, message, where = 'ancestor') => problems.push(at(route(path, policy, repo), path, message, 'error', where));
  const parsed = policyDocumentSchema.safeParse(ourDocument(policy, repo, problems));
  if (!parsed.success) {
    reportIssues(parsed.error.issues, (path) => route(path, policy, repo), report);
    return undefined;
  }
  const compiled = compile(policy.file, parsed.data, policy.located, report);
  if (!compiled) return undefined;
  const suspended = policy.spec.suspend === true ? policy : repo.spec.suspend === true ? repo : undefined;
  if (!suspended) return compiled;
  problems.push(at(suspended, ['spec', 'suspend'], `${suspended.kind} ${suspended.key} is suspended (spec.suspend: true): policy ${compiled.id} is not scanned and its values are left as they are`, 'warning'));
  return { ...compiled, suspended: true };
}

/** Our ImagePolicy document for a Flux pair: only the fields both speak, named as ours are. */
function ourDocument(policy: Read, repo: Read, problems: ConfigProblem[]): unknown {
  const spec: Record<string, unknown> = { image: repo.spec.image, policy: policy.spec.policy };
  const filterTags = Object.fromEntries(Object.entries(policy.spec.filterTags ?? {}).filter(([, v]) => v !== ''));
  if (Object.keys(filterTags).length) spec.filterTags = filterTags;
  if (repo.spec.exclusionList !== undefined) spec.exclusionList = repo.spec.exclusionList;
  const reflection = policy.spec.digestReflectionPolicy;
  if (reflection !== undefined && 'digestReflectionPolicy' in policySpecSchema.shape) spec.digestReflectionPolicy = reflection;
  else if (reflection !== undefined && reflection !== 'Never') {
    problems.push(at(policy, ['spec', 'digestReflectionPolicy'], `spec.digestReflectionPolicy: ${String(reflection)} is not supported yet; digests are not tracked`, 'warning'));
  }
  return { apiVersion: POLICY_API_VERSION, kind: 'ImagePolicy', metadata: { name: policy.name, namespace: policy.namespace }, spec };
}

/** `spec.image` and `spec.exclusionList` come from the ImageRepository; everything else from the ImagePolicy. */
function route(path: YamlPath, policy: Read, repo: Read): Read {
  return path[0] === 'spec' && (path[1] === 'image' || path[1] === 'exclusionList') ? repo : policy;
}

function reportIssues(issues: z.core.$ZodIssue[], route: (path: YamlPath) => Read, report: Report): void {
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    const name = path.join('.') || '(document)';
    const { doc } = route(path).located;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) report([...path, key], `${[...path, key].join('.')}: unknown field "${key}"`, 'key');
    } else if (doc.hasIn(path)) {
      report(path, `${name}: ${issue.message} (got ${JSON.stringify(doc.getIn(path))})`);
    } else {
      report(path, `${name}: required field is missing`, 'document');
    }
  }
}

function at(
  where: { file: string; located: LocatedDocument },
  path: YamlPath,
  message: string,
  severity: 'error' | 'warning' = 'error',
  how: 'ancestor' | 'document' | 'key' = 'ancestor',
): ConfigProblem {
  const line = how === 'key' ? where.located.lineOfKey(path.slice(0, -1), String(path.at(-1))) : where.located.lineOf(path, how);
  return { file: where.file, line, message, ...(severity === 'warning' ? { severity } : {}) };
}
