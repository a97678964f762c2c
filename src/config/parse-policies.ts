import type { z } from 'zod';
import { isMap } from 'yaml';
import { validateRules } from '../policy/index.js';
import type { Ordering, TagRules } from '../policy/types.js';
import { parseImageRepo } from '../registry/reference.js';
import { parseImageOptions } from './parse-image-options.js';
import { isFluxImageObject, type FluxObject } from './flux-objects.js';
import { parseLocated, unparsable, type LocatedDocument, type YamlPath } from './locate.js';
import { compileTargets } from './policy-targets.js';
import { POLICY_API_VERSION, policyDocumentSchema, type PolicyDocument } from './schema.js';
import { DEFAULT_NAMESPACE, type ConfigProblem, type Policy } from './types.js';

export interface ParsedPolicies {
  policies: Policy[];
  problems: ConfigProblem[];
  /** Flux ImageRepository and ImagePolicy documents, resolved across files by flux-policies.ts. */
  flux?: FluxObject[];
}

/**
 * Reads the ImagePolicy documents of one file. Pure: the caller reads the file. Documents of other
 * kinds are ignored; every problem of every policy is reported, each with the line of its field.
 */
export function parsePolicyFile(file: string, text: string): ParsedPolicies {
  const out: ParsedPolicies = { policies: [], problems: [] };
  const refused = unparsable(text);
  if (refused) return { ...out, problems: [{ file, ...refused }] };
  let docs: LocatedDocument[];
  try {
    docs = parseLocated(text);
  } catch (err) {
    out.problems.push({ file, line: 1, message: `cannot parse YAML: ${(err as Error).message}` });
    return out;
  }
  for (const located of docs) {
    const { doc } = located;
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      out.problems.push({ file, line: err.linePos?.[0]?.line ?? 1, message: `cannot parse YAML: ${firstLine(err.message)}` });
      continue;
    }
    if (isMap(doc.contents) && isFluxImageObject(doc.get('apiVersion'), doc.get('kind'))) {
      (out.flux ??= []).push({ file, located });
      continue;
    }
    if (!isMap(doc.contents) || !isOurPolicy(doc.get('apiVersion'), doc.get('kind'))) continue;
    const problem: Report = (path, message, at = 'ancestor') => {
      const line = at === 'key' ? located.lineOfKey(path.slice(0, -1), String(path.at(-1))) : located.lineOf(path, at);
      out.problems.push({ file, line, message });
    };
    const policy = toPolicy(file, located, problem, out.problems);
    if (policy) out.policies.push(policy);
  }
  out.problems.sort((a, b) => a.line - b.line);
  return out;
}

/** Reports a problem at the line of `path`; `key` means the line of the path's last key itself. */
export type Report = (path: YamlPath, message: string, at?: 'ancestor' | 'document' | 'key') => void;

function isOurPolicy(apiVersion: unknown, kind: unknown): boolean {
  return kind === 'ImagePolicy' && typeof apiVersion === 'string' && apiVersion.startsWith('imagebump.dev/');
}

function toPolicy(file: string, located: LocatedDocument, report: Report, problems: ConfigProblem[]): Policy | undefined {
  const read = located.toJS();
  if (!read.ok) {
    problems.push({ file, line: read.line, message: read.message });
    return undefined;
  }
  const parsed = policyDocumentSchema.safeParse(read.value);
  if (!parsed.success) {
    reportSchemaIssues(parsed.error.issues, located, report);
    return undefined;
  }
  return compile(file, parsed.data, located, report);
}

function reportSchemaIssues(issues: z.core.$ZodIssue[], located: LocatedDocument, report: Report): void {
  const { doc } = located;
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    const name = path.join('.') || '(document)';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) report([...path, key], `${[...path, key].join('.')}: unknown field "${key}"`, 'key');
    } else if (path[0] === 'apiVersion' && doc.has('apiVersion')) {
      report(path, `apiVersion: unsupported "${String(doc.get('apiVersion'))}" (expected ${POLICY_API_VERSION})`);
    } else if (doc.hasIn(path)) {
      report(path, `${name}: ${issue.message} (got ${JSON.stringify(doc.getIn(path))})`);
    } else {
      // A field missing inside a list entry or nested object is reported at its parent, not at the top.
      report(path, `${name}: required field is missing`, path.length > 2 ? 'ancestor' : 'document');
    }
  }
}

export function compile(file: string, doc: PolicyDocument, located: LocatedDocument, report: Report): Policy | undefined {
  let ok = true;
  const fail: Report = (path, message, missing) => {
    ok = false;
    report(path, message, missing);
  };
  const ordering = toOrdering(doc.spec.policy, fail);
  const repo = parseRepo(doc.spec.image, fail);
  const imageOptions = parseImageOptions(doc.spec, fail);
  const rules: TagRules | undefined = ordering && {
    ordering,
    filterTags: doc.spec.filterTags as TagRules['filterTags'],
    exclusionList: doc.spec.exclusionList,
  };
  for (const p of rules ? validateRules(rules) : []) fail(['spec', ...fieldPath(p.field)], `spec.${p.field}: ${p.message}`);
  const id = `${doc.metadata.namespace ?? DEFAULT_NAMESPACE}:${doc.metadata.name}`;
  const targets = compileTargets(doc.spec.targets, { policy: id, image: doc.spec.image, file }, located, fail);
  if (!ok || !rules || !repo || !targets) return undefined;
  const namespace = doc.metadata.namespace ?? DEFAULT_NAMESPACE;
  return {
    id: `${namespace}:${doc.metadata.name}`,
    name: doc.metadata.name,
    namespace,
    image: doc.spec.image,
    repo,
    rules,
    ...imageOptions,
    ...(doc.spec.update ? { update: doc.spec.update } : {}),
    ...(targets.length ? { targets } : {}),
    source: { file, line: located.lineOf(['metadata', 'name']) },
  };
}

function toOrdering(policy: PolicyDocument['spec']['policy'], fail: Report): Ordering | undefined {
  const kinds = (['semver', 'alphabetical', 'numerical', 'newest'] as const).filter((k) => policy[k] !== undefined);
  if (kinds.length !== 1) {
    const what = kinds.length === 0 ? 'none is set' : `found ${kinds.join(' and ')}`;
    fail(['spec', 'policy'], `spec.policy: exactly one of semver, alphabetical, numerical, newest is required (${what})`);
    return undefined;
  }
  if (policy.semver) return { kind: 'semver', range: policy.semver.range };
  if (policy.alphabetical) return { kind: 'alphabetical', order: (policy.alphabetical.order ?? 'asc') as 'asc' };
  if (policy.newest) return { kind: 'newest', maxCandidates: policy.newest.maxCandidates };
  return { kind: 'numerical', order: (policy.numerical?.order ?? 'asc') as 'asc' };
}

function parseRepo(image: string, fail: Report): Policy['repo'] | undefined {
  try {
    const tail = image.slice(image.lastIndexOf('/') + 1);
    if (image.includes('@') || tail.includes(':')) throw new Error('must be a repository without tag or digest');
    return parseImageRepo(image);
  } catch (err) {
    fail(['spec', 'image'], `spec.image: invalid image "${image}": ${(err as Error).message}`);
    return undefined;
  }
}

/** `exclusionList[2]` → ['exclusionList', 2] */
function fieldPath(field: string): (string | number)[] {
  return field.split(/\.|(?=\[)/).map((seg) => (/^\[\d+\]$/.test(seg) ? Number(seg.slice(1, -1)) : seg));
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
