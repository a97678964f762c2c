import { compileExtract, type ExtractTemplate } from './extract.js';
import { quote } from './problem.js';
import { compileUserRegex } from './regex.js';
import type { RuleProblem, TagRules } from './types.js';

/** Cosign signatures are pushed as tags; Flux drops them unless told otherwise. */
export const DEFAULT_EXCLUSION_LIST: readonly string[] = ['^.*\\.sig$'];

/** What the filter made of one tag: dropped, or kept with the value the ordering should rank. */
export type Screened =
  | { outcome: 'excluded' }
  | { outcome: 'filteredOut' }
  | { outcome: 'kept'; value: string };

export interface TagFilter {
  screen(tag: string): Screened;
}

export type CompiledFilter = { filter: TagFilter; problems: [] } | { filter: undefined; problems: RuleProblem[] };

const EXCLUDED: Screened = { outcome: 'excluded' };
const FILTERED_OUT: Screened = { outcome: 'filteredOut' };

/** Compiles `exclusionList` and `filterTags` once; every problem in them is reported, not just the first. */
export function compileTagFilter(rules: Pick<TagRules, 'exclusionList' | 'filterTags'>): CompiledFilter {
  const problems: RuleProblem[] = [];
  const exclusions = compileExclusions(rules.exclusionList ?? DEFAULT_EXCLUSION_LIST, problems);
  const keep = compileFilterTags(rules.filterTags, problems);
  if (problems.length > 0) return { filter: undefined, problems };
  return {
    problems: [],
    filter: {
      screen(tag) {
        if (exclusions.some((regex) => regex.test(tag))) return EXCLUDED;
        return keep(tag);
      },
    },
  };
}

function compileExclusions(sources: readonly string[], problems: RuleProblem[]): RegExp[] {
  const regexes: RegExp[] = [];
  sources.forEach((source, i) => {
    const compiled = compileUserRegex(source);
    if (compiled.ok) regexes.push(compiled.regex);
    else problems.push({ field: `exclusionList[${i}]`, message: `invalid regex ${quote(source)}: ${compiled.reason}` });
  });
  return regexes;
}

type Keep = (tag: string) => Screened;

function compileFilterTags(filterTags: TagRules['filterTags'], problems: RuleProblem[]): Keep {
  const pattern = filterTags?.pattern ?? '';
  const extract = filterTags?.extract ?? '';
  if (pattern === '') {
    if (extract !== '') {
      problems.push({ field: 'filterTags.extract', message: `extract ${quote(extract)} needs a filterTags.pattern to take groups from` });
    }
    return (tag) => ({ outcome: 'kept', value: tag });
  }
  const compiled = compileUserRegex(pattern);
  if (!compiled.ok) {
    problems.push({ field: 'filterTags.pattern', message: `invalid regex ${quote(pattern)}: ${compiled.reason}` });
    return () => FILTERED_OUT;
  }
  const { regex } = compiled;
  if (extract === '') return (tag) => (regex.test(tag) ? { outcome: 'kept', value: tag } : FILTERED_OUT);
  const template = compileExtract(extract, compiled.groups);
  if (!template.ok) {
    for (const reason of template.reasons) {
      problems.push({ field: 'filterTags.extract', message: `extract ${quote(extract)} does not fit pattern ${quote(pattern)}: ${reason}` });
    }
    return () => FILTERED_OUT;
  }
  return extracting(regex, template.template);
}

function extracting(regex: RegExp, template: ExtractTemplate): Keep {
  return (tag) => {
    const match = regex.exec(tag);
    return match ? { outcome: 'kept', value: template.expand(match) } : FILTERED_OUT;
  };
}
