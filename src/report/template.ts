import Handlebars from 'handlebars';
import type { Change } from '../manifests/types.js';

/** One change record as templates see it: the record's fields plus the tags on either side. */
export interface ChangeView extends Change {
  /** The policy id without the `default:` namespace. */
  name: string;
  fromTag: string;
  toTag: string;
}

/**
 * What commit-message, PR-title and PR-body templates are rendered with. The lowercase string fields
 * are the original `{{placeholder}}`s; `records`, `files` and the Flux-style `Changed`/`Values` are
 * for templates that iterate (`{{#each records}}…{{/each}}`).
 */
export interface TemplateView {
  summary: string;
  changes: string;
  count: number;
  policies: string;
  images: string;
  records: ChangeView[];
  files: { file: string; records: ChangeView[] }[];
  /** Flux's `.Changed`: every change with OldValue/NewValue/Setter, and the same by file. */
  Changed: { Changes: FluxChange[]; FileChanges: Record<string, FluxChange[]> };
  /** Flux's `.Values`: policy id → the value written last for it. */
  Values: Record<string, string>;
  [extra: string]: unknown;
}

interface FluxChange {
  OldValue: string;
  NewValue: string;
  Setter: string;
  File: string;
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Renders a template as plain text (no HTML escaping); templates are compiled once. */
export function renderTemplate(template: string, view: TemplateView): string {
  let fn = compiled.get(template);
  if (!fn) {
    fn = Handlebars.compile(template, { noEscape: true });
    compiled.set(template, fn);
  }
  return fn(view);
}

export function templateView(changes: readonly Change[], summary: string, extra: Record<string, unknown> = {}): TemplateView {
  const records = changes.map(toView);
  const flux = records.map((r) => ({ OldValue: r.from, NewValue: r.to, Setter: r.policy, File: r.file }));
  const byFile = new Map<string, ChangeView[]>();
  for (const r of records) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  return {
    ...extra,
    summary,
    changes: changes.map(changeLine).join('\n'),
    count: changes.length,
    policies: distinct(changes.map((c) => c.policy)).join(', '),
    images: distinct(changes.filter((c) => c.part !== 'name').map(targetRef)).join(', '),
    records,
    files: [...byFile].map(([file, list]) => ({ file, records: list })),
    Changed: {
      Changes: flux,
      FileChanges: Object.fromEntries([...byFile].map(([file, list]) => [file, flux.filter((f) => list.some((r) => r.file === f.File))])),
    },
    Values: Object.fromEntries(changes.map((c) => [c.policy, c.to])),
  };
}

export function changeLine(c: Change): string {
  const part = c.part === 'whole' ? '' : ` (${c.part})`;
  return `- ${c.policy}${part} in ${c.file}:${c.line}: ${c.from} → ${c.to}`;
}

/** The tag of a written value: the value itself for `:tag` markers, the part after `:` for whole references. */
export function tagOf(part: Change['part'], value: string): string {
  if (part !== 'whole') return value;
  const at = value.indexOf('@');
  const ref = at >= 0 ? value.slice(0, at) : value;
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : value;
}

function toView(c: Change): ChangeView {
  return { ...c, name: c.policy.replace(/^default:/, ''), fromTag: tagOf(c.part, c.from), toTag: tagOf(c.part, c.to) };
}

function targetRef(c: Change): string {
  return c.part === 'whole' ? c.to : `${c.image}:${c.to}`;
}

export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
