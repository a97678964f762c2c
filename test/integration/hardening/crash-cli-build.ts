import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../../helpers/cli.js';

/**
 * Compiles src/ to plain JavaScript under `dir` (what `npm run build` ships, file for file), so tests
 * can start the real CLI as `node <dir>/src/cli.js …`: a fresh process in well under a second, where
 * going through tsx costs two seconds of CPU per start on this machine. Each file is transpiled on its
 * own (the sources are written for isolated modules); types were checked by `tsc` already.
 */
export async function buildCli(dir: string): Promise<string> {
  const src = join(ROOT, 'src');
  const files = (await readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts'));
  await Promise.all(files.map(async (file) => {
    const out = join(dir, 'src', file.replace(/\.ts$/, '.js'));
    const { outputText } = ts.transpileModule(await readFile(join(src, file), 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }));
  // ES modules by their package.json; the dependencies are the project's own.
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  await symlink(relative(dir, join(ROOT, 'node_modules')), join(dir, 'node_modules'));
  return join(dir, 'src', 'cli.js');
}
