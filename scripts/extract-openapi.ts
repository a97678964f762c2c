/**
 * Regenerates the small OpenAPI fixtures the fake forges validate against, from the forges' full
 * published API descriptions: only the operations imagebump calls, and every schema they reach.
 *
 *   npx tsx scripts/extract-openapi.ts github [api.github.com.json]   # default: `npm pack @octokit/openapi`
 *   npx tsx scripts/extract-openapi.ts gitea  swagger.v1.json         # any Gitea/Forgejo: /swagger.v1.json
 *   npx tsx scripts/extract-openapi.ts gitlab openapi_v2.yaml         # GitLab: doc/api/openapi/openapi_v2.yaml
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = { [k: string]: Json };

/** The operations each adapter calls: [path template, method]. */
export const OPERATIONS: Record<string, [string, string][]> = {
  github: [
    ['/repos/{owner}/{repo}/pulls', 'get'],
    ['/repos/{owner}/{repo}/pulls', 'post'],
    ['/repos/{owner}/{repo}/pulls/{pull_number}', 'patch'],
    ['/repos/{owner}/{repo}/issues/{issue_number}/labels', 'post'],
    ['/repos/{owner}/{repo}/issues/{issue_number}/assignees', 'post'],
    ['/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', 'post'],
  ],
  gitea: [
    ['/repos/{owner}/{repo}/pulls', 'get'],
    ['/repos/{owner}/{repo}/pulls', 'post'],
    ['/repos/{owner}/{repo}/pulls/{index}', 'patch'],
    ['/repos/{owner}/{repo}/labels', 'get'],
    ['/repos/{owner}/{repo}/issues/{index}/labels', 'post'],
    ['/repos/{owner}/{repo}/pulls/{index}/requested_reviewers', 'post'],
    ['/repos/{owner}/{repo}/pulls/{index}/merge', 'post'],
  ],
  gitlab: [
    ['/api/v4/projects/{id}/merge_requests', 'get'],
    ['/api/v4/projects/{id}/merge_requests', 'post'],
    ['/api/v4/projects/{id}/merge_requests/{merge_request_iid}', 'put'],
    ['/api/v4/projects/{id}/merge_requests/{merge_request_iid}/merge', 'put'],
    ['/api/v4/users', 'get'],
  ],
};

// Prose and examples are dropped (they are most of the size); a `properties` map keeps its keys.
const DROP = new Set(['description', 'summary', 'example', 'examples', 'externalDocs', 'x-github', 'x-go-name', 'x-go-package', 'tags']);

export function extract(doc: Doc, operations: [string, string][]): Doc {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const out: Doc = { ...pick(doc, ['openapi', 'swagger', 'info', 'basePath', 'servers']), paths: {} };
  const outPaths = out.paths as Record<string, Record<string, Json>>;
  for (const [p, method] of operations) {
    const op = paths[p]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${p} is not in the document`);
    const shared = paths[p]!.parameters;
    outPaths[p] = { ...(outPaths[p] ?? {}), ...(shared ? { parameters: strip(shared) } : {}), [method]: strip(op) };
  }
  copyReachable(doc, out);
  return out;
}

/** Copies every `#/…` target the extracted operations reach, transitively. */
function copyReachable(doc: Doc, out: Doc): void {
  const queue = refsIn(out);
  const seen = new Set<string>();
  while (queue.length) {
    const ref = queue.pop()!;
    if (seen.has(ref)) continue;
    seen.add(ref);
    const keys = ref.slice(2).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const value = strip(get(doc, keys));
    set(out, keys, value);
    queue.push(...refsIn(value));
  }
}

function strip(value: Json, inProperties = false): Json {
  if (Array.isArray(value)) return value.map((v) => strip(v));
  if (!value || typeof value !== 'object') return value;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) {
    if (!inProperties && DROP.has(k) && (typeof v !== 'object' || v === null || k !== 'description')) continue;
    out[k] = strip(v, k === 'properties' && !inProperties);
  }
  return out;
}

function refsIn(value: Json): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? [v] : refsIn(v)));
}

function get(doc: Json, keys: string[]): Json {
  let at: Json = doc;
  for (const k of keys) {
    if (!at || typeof at !== 'object' || Array.isArray(at) || !(k in at)) throw new Error(`dangling $ref #/${keys.join('/')}`);
    at = at[k]!;
  }
  return at;
}

function set(doc: Doc, keys: string[], value: Json): void {
  let at = doc;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Doc;
  at[keys.at(-1)!] = value;
}

function pick(doc: Doc, keys: string[]): Doc {
  return Object.fromEntries(keys.filter((k) => k in doc).map((k) => [k, strip(doc[k]!)]));
}

function loadGitHub(file: string | undefined): { doc: Doc; cleanup: () => void } {
  if (file) return { doc: JSON.parse(readFileSync(file, 'utf8')) as Doc, cleanup: () => undefined };
  // The package unpacks to ~385 MB: fetch it into a temp dir, read one file, throw it away.
  const dir = mkdtempSync(path.join(tmpdir(), 'octokit-openapi-'));
  const tgz = execFileSync('npm', ['pack', '@octokit/openapi', '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  execFileSync('tar', ['xzf', tgz, 'package/generated/api.github.com.json', 'package/package.json'], { cwd: dir });
  const doc = JSON.parse(readFileSync(path.join(dir, 'package/generated/api.github.com.json'), 'utf8')) as Doc;
  const version = (JSON.parse(readFileSync(path.join(dir, 'package/package.json'), 'utf8')) as { version: string }).version;
  (doc.info as Doc)['x-source'] = `@octokit/openapi@${version} generated/api.github.com.json`;
  return { doc, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function main(): void {
  const [forge, file] = process.argv.slice(2);
  if (!forge || !(forge in OPERATIONS)) throw new Error('usage: extract-openapi.ts github|gitea|gitlab [FILE]');
  if (forge !== 'github' && !file) throw new Error(`${forge}: pass the path of the full API description`);
  const { doc, cleanup } =
    forge === 'github' ? loadGitHub(file) : { doc: parse(readFileSync(file!, 'utf8')) as Doc, cleanup: () => undefined };
  try {
    const target = path.join('test', 'fixtures', 'openapi', `${forge}.json`);
    writeFileSync(target, JSON.stringify(extract(doc, OPERATIONS[forge]!), null, 1) + '\n');
    console.log(`wrote ${target}`);
  } finally {
    cleanup();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
