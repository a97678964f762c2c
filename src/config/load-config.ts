import { isMap } from 'yaml';
import { decodeText, FileTooLarge, LIMITS, readBounded, type Decoded } from '../files/read-text.js';
import { parseLocated, unparsable, type LocatedDocument } from './locate.js';
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
    const read = await readConfigText(file);
    if (!read.ok) return { config: undefined, problems: [{ file, line: read.line, message: read.message }] };
    text = read.text;
    const parsed = parseConfigText(file, text);
    if (!parsed.input) return { config: undefined, problems: parsed.problems };
    input = parsed.input;
  }
  return validate(label, applyOverrides(input, overrides), text);
}

async function readConfigText(file: string): Promise<Decoded> {
  try {
    const decoded = decodeText(await readBounded(file, LIMITS.config));
    return decoded.ok ? decoded : { ...decoded, message: `cannot read config: ${decoded.message}` };
  } catch (err) {
    const why = err instanceof FileTooLarge ? `${err.message} for a config file` : ((err as NodeJS.ErrnoException).code ?? String(err));
    return { ok: false, line: 1, message: `cannot read config: ${why}` };
  }
}

function parseConfigText(file: string, text: string): { input?: Record<string, unknown>; problems: ConfigProblem[] } {
  const refused = unparsable(text);
  if (refused) return { problems: [{ file, ...refused }] };
  let docs: LocatedDocument[];
  try {
    docs = parseLocated(text);
  } catch (err) {
    return { problems: [{ file, line: 1, message: `cannot parse YAML: ${(err as Error).message}` }] };
  }
  const doc = docs[0]?.doc;
  if (!doc) return { input: {}, problems: [] };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    return { problems: [{ file, line: e.linePos?.[0]?.line ?? 1, message: `cannot parse YAML: ${e.message.split('\n')[0]}` }] };
  }
  if (docs.length > 1) return { problems: [{ file, line: 1, message: 'the config file must hold one YAML document' }] };
  if (doc.contents !== null && !isMap(doc.contents)) return { problems: [{ file, line: 1, message: 'the config must be a mapping' }] };
  const read = docs[0]!.toJS();
  if (!read.ok) return { problems: [{ file, line: read.line, message: read.message }] };
  return { input: (read.value ?? {}) as Record<string, unknown>, problems: [] };
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
