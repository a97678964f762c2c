import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { configSchema } from '../../../src/config/schema.js';
import { ROOT } from '../../helpers/cli.js';

/**
 * Every manifest under examples/kubernetes is checked twice against the Kubernetes API types shipped by
 * kubernetes-models: its runtime validator (types, required fields, formats) and the TypeScript
 * compiler's excess-property check on the same object (which catches misspelt or misplaced fields, as
 * the API server's strict field validation would).
 */
const DIR = join(ROOT, 'examples/kubernetes');

interface Doc {
  file: string;
  index: number;
  value: Record<string, unknown> & { apiVersion?: string; kind?: string };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

const docs: Doc[] = yamlFiles(DIR).flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((d, index) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return { file: relative(DIR, file), index, value: d.toJS() as Doc['value'] };
  }),
);
const objects = docs.filter((d) => d.value.kind !== 'Kustomization');
const modulePath = (d: Doc) => `kubernetes-models/${d.value.apiVersion}/${d.value.kind}`;

function typeErrors(list: Doc[]): string[] {
  const file = join(ROOT, 'test/unit/daemon/__kubernetes_examples__.ts');
  const source = list
    .map((d, i) => `import type { I${d.value.kind} as T${i} } from '${modulePath(d)}';\nexport const m${i}: T${i} = ${JSON.stringify(d.value)};`)
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: true, types: [],
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const base = { fileExists: host.fileExists, readFile: host.readFile, getSourceFile: host.getSourceFile };
  host.fileExists = (f) => f === file || base.fileExists(f);
  host.readFile = (f) => (f === file ? source : base.readFile(f));
  host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, source, lang) : base.getSourceFile(f, lang, ...rest));
  const program = ts.createProgram([file], options, host);
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(program.getSourceFile(file))];
  return diagnostics.map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const doc = list[Math.floor(at / 2)];
    return `${doc ? `${doc.file}#${doc.index}` : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('examples/kubernetes', () => {
  it('has the sidecar, standalone and sharded forms and a shared base', () => {
    expect(objects.map((d) => `${d.file}:${d.value.kind}`).sort()).toEqual([
      'base/configmap.yaml:ConfigMap', 'base/secret.yaml:Secret', 'base/serviceaccount.yaml:ServiceAccount',
      'deployment/deployment.yaml:Deployment', 'deployment/networkpolicy.yaml:NetworkPolicy', 'deployment/service.yaml:Service',
      'sharded/networkpolicy.yaml:NetworkPolicy', 'sharded/service.yaml:Service', 'sharded/statefulset.yaml:StatefulSet',
      'sidecar/deployment.yaml:Deployment',
    ]);
  });

  it('validates every object with the API schemas', async () => {
    for (const d of objects) {
      const models = (await import(modulePath(d))) as Record<string, new (data: unknown) => { validate(): void }>;
      const Model = models[d.value.kind!]!;
      expect(() => new Model(d.value).validate(), `${d.file}#${d.index}`).not.toThrow();
    }
  });

  it('uses no field the API types do not know', () => {
    expect(typeErrors(objects)).toEqual([]);
  }, 30_000);

  it('catches a misspelt field (the check can fail)', () => {
    const deployment = objects.find((d) => d.file === 'deployment/deployment.yaml')!;
    const broken = JSON.parse(JSON.stringify(deployment.value).replace('"readinessProbe"', '"readinesProbe"')) as Doc['value'];
    expect(typeErrors([{ ...deployment, value: broken }]).join('\n')).toContain('readinesProbe');
  }, 30_000);

  it('lists only files and directories that exist in each kustomization', () => {
    for (const k of docs.filter((d) => d.value.kind === 'Kustomization')) {
      for (const r of (k.value.resources as string[]) ?? []) {
        const target = join(DIR, dirname(k.file), r);
        expect(existsSync(target) && (!statSync(target).isDirectory() || existsSync(join(target, 'kustomization.yaml'))), `${k.file}: ${r}`).toBe(true);
      }
    }
  });

  it('ships a config the daemon accepts, whose secret files the Secret provides and whose port the pods expose', () => {
    const configMap = objects.find((d) => d.value.kind === 'ConfigMap')!.value as { data: Record<string, string> };
    const parsed = configSchema.safeParse(parseYaml(configMap.data['imagebump.yaml']!));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const secret = objects.find((d) => d.value.kind === 'Secret')!.value as { stringData: Record<string, string> };
    const files = [...configMap.data['imagebump.yaml']!.matchAll(/file: \/var\/run\/secrets\/imagebump\/([\w-]+)/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(Object.keys(secret.stringData)).toContain(f);
    expect(parsed.data!.server!.listen).toBe(':8080');
  });

  it('runs imagebump hardened everywhere: non-root, read-only root, no privilege escalation, probes, limits', () => {
    for (const d of objects.filter((o) => o.value.kind === 'Deployment' || o.value.kind === 'StatefulSet')) {
      const pod = (d.value as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
      const c = pod.containers.find((x) => x.name === 'imagebump')!;
      expect(c.args.slice(0, 3), d.file).toEqual(['run', '--config', '/etc/imagebump/imagebump.yaml']);
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(pod.securityContext.runAsNonRoot, d.file).toBe(true);
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      expect(c.resources.limits.memory).toBeDefined();
      expect(c.volumeMounts.map((m) => m.mountPath)).toEqual(expect.arrayContaining(['/tmp', '/var/lib/imagebump']));
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(35);
    }
  });
});

interface PodSpec {
  securityContext: { runAsNonRoot?: boolean };
  terminationGracePeriodSeconds: number;
  containers: Array<{
    name: string;
    args: string[];
    securityContext: unknown;
    livenessProbe: { httpGet: { path: string } };
    resources: { limits: { memory?: string } };
    volumeMounts: Array<{ mountPath: string }>;
  }>;
}
