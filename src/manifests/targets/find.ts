import type { Document, LineCounter } from 'yaml';
import type { Source } from './scalar.js';
import { sameRepository } from '../image-name.js';
import { parseReference } from '../reference.js';
import { detectHelmImages, explicitHelmSite, nodeLine } from './helm.js';
import { slotOf } from './scalar.js';
import type { Site } from './sites.js';
import { detectStructure } from './structure.js';
import type { PolicyTarget } from './types.js';
import { parseYamlPath, resolveYamlPath } from './yaml-path.js';

/**
 * The sites of one document that a target applies to. Detection runs once per document and kind
 * of detection, however many targets ask (a file matched by ten policies' globs is walked twice,
 * not ten times); each target then keeps the sites whose image is its policy's.
 */
export class DocumentSites {
  private structure?: Site[];
  private helm?: Site[];
  private readonly src: Source;

  constructor(doc: Document.Parsed, lines: LineCounter) {
    this.src = { doc, lines };
  }

  for(target: PolicyTarget): Site[] {
    const spec = target.spec;
    switch (spec.kind) {
      case 'auto':
        this.structure ??= detectStructure(this.src);
        return this.structure.filter((site) => matches(site, target.image));
      case 'helm':
        if (spec.helm === 'auto') {
          this.helm ??= detectHelmImages(this.src.doc.contents, [], this.src);
          return this.helm.filter((site) => matches(site, target.image));
        }
        return [explicitHelmSite(this.src.doc.contents, spec.helm, this.src)].filter(
          (site): site is Site => site !== undefined && matches(site, target.image),
        );
      case 'path':
        return this.pathSite(spec.path, spec.part);
    }
  }

  private pathSite(path: string, part: Extract<PolicyTarget['spec'], { kind: 'path' }>['part']): Site[] {
    const parsed = parseYamlPath(path);
    if (!parsed.ok) return [];
    const node = resolveYamlPath(this.src.doc.contents, parsed.segments);
    const slot = slotOf(node, this.src);
    if (slot === undefined) return [];
    if (slot.kind === 'unsupported') return [{ kind: 'unsupported', line: nodeLine(node, this.src), reason: slot.reason, found: path }];
    return [{ kind: 'path', slot, part, found: path }];
  }
}

/** Whether a found site holds the policy's repository, however either spells it. */
function matches(site: Site, image: string): boolean {
  switch (site.kind) {
    case 'ref':
      return sameRepository(parseReference(site.slot.value).name, image);
    case 'split':
    case 'unsupported':
      return site.name === undefined || sameRepository(site.name, image);
    case 'path':
      return true;
  }
}
