import { compileTargetInput, type PolicyTarget, type TargetInput } from '../manifests/targets/index.js';
import type { LocatedDocument, YamlPath } from './locate.js';

type Fail = (path: YamlPath, message: string) => void;

/**
 * Compiles a policy's `spec.targets`, reporting each bad field at its own line
 * (`spec.targets[1].files[0]: "../x": …`). Returns undefined when any entry is invalid.
 */
export function compileTargets(
  inputs: readonly TargetInput[] | undefined,
  owner: { policy: string; image: string; file: string },
  located: LocatedDocument,
  fail: Fail,
): PolicyTarget[] | undefined {
  if (!inputs) return [];
  const targets: PolicyTarget[] = [];
  let ok = true;
  inputs.forEach((input, index) => {
    const base = ['spec', 'targets', index];
    const { target, problems } = compileTargetInput(input, { policy: owner.policy, image: owner.image, index });
    for (const p of problems) {
      ok = false;
      fail([...base, ...p.field], `spec.targets[${index}]${p.field.map((f) => (typeof f === 'number' ? `[${f}]` : `.${f}`)).join('')}: ${p.message}`);
    }
    if (target) targets.push({ ...target, source: { file: owner.file, line: located.lineOf(base) } });
  });
  return ok ? targets : undefined;
}
