import { readFile } from 'node:fs/promises';
import { isMap } from 'yaml';
import { parseLocated } from './locate.js';
import { configSchema, type ConfigInput } from './schema.js';
import type { Config, ConfigProblem } from './types.js';

/** Flags that override the config file, as the CLI passes them. */
export interface ConfigOverrides {
  repo?: string;
  branch?: string;
  policies?: string;
}

export interface LoadedConfig {
  config: Config | undefined;
  problems: ConfigProblem[];
}

/** Reads and validates the config file (if any), then applies the flags. Never throws on bad input. */
export async function loadConfig(file: string | undefined, overrides: ConfigOverrides = {}): Promise<LoadedConfig> {
  let input: Record<string, unknown> = {};
  let text: string | undefined;
  const label = file ?? '(flags)';
  if (file) {
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      return { config: undefined, problems: [{ file, line: 1, message: `cannot read config: ${(err as NodeJS.ErrnoException).code ?? err}` }] };
    }
    const parsed = parseConfigText(file, text);
    if (!parsed.input) return { config: undefined, problems: parsed.problems };
    input = parsed.input;
  }
  return validate(label, applyOverrides(input, overrides), text);
}

function parseConfigText(file: string, text: string): { input?: Record<string, unknown>; problems: ConfigProblem[] } {
  const docs = parseLocated(text);
  const doc = docs[0]?.doc;
  if (!doc) return { input: {}, problems: [] };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    return { problems: [{ file, line: e.linePos?.[0]?.line ?? 1, message: `cannot parse YAML: ${e.message.split('\n')[0]}` }] };
  }
  if (docs.length > 1) return { problems: [{ file, line: 1, message: 'the config file must hold one YAML document' }] };
  if (doc.contents !== null && !isMap(doc.contents)) return { problems: [{ file, line: 1, message: 'the config must be a mapping' }] };
  return { input: (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>, problems: [] };
}

function applyOverrides(input: Record<string, unknown>, o: ConfigOverrides): Record<string, unknown> {
  const out = { ...input };
  if (o.repo || o.branch) {
    const repo = { ...((out.repo as object | undefined) ?? {}) } as Record<string, unknown>;
    if (o.repo) repo.url = o.repo;
    if (o.branch) repo.branch = o.branch;
    out.repo = repo;
  }
  if (o.policies) out.policies = [o.policies];
  return out;
}

function validate(file: string, input: Record<string, unknown>, text: string | undefined): LoadedConfig {
  const result = configSchema.safeParse(input as ConfigInput);
  if (result.success) return { config: { ...result.data, source: file }, problems: [] };
  const located = text ? parseLocated(text)[0] : undefined;
  const problems = result.error.issues.flatMap((issue) => {
    const path = issue.path as PropertyKey[];
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => {
      const at = key === undefined ? path : [...path, key];
      const line = located ? (key === undefined ? located.lineOf(at) : located.lineOfKey(path, key)) : 1;
      const message = key === undefined ? issue.message : `unknown field "${key}"`;
      return { file, line, message: `${at.join('.') || '(config)'}: ${message}` };
    });
  });
  return { config: undefined, problems };
}
