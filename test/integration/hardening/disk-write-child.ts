import { writeFileAtomic } from '../../../src/files/atomic-write.js';

// Writes SIZE bytes over FILE with writeFileAtomic in a process of its own (so a file-size limit
// applies to it alone) and prints what happened as JSON.
const [file, size, label] = process.argv.slice(2) as [string, string, string];
try {
  await writeFileAtomic(file, Buffer.alloc(Number(size), 'x'), { label });
  console.log(JSON.stringify({ ok: true }));
} catch (err) {
  const e = err as Error & { code?: string; file?: string };
  console.log(JSON.stringify({ ok: false, name: e.name, code: e.code, file: e.file, message: e.message }));
}
