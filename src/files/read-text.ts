import { open } from 'node:fs/promises';

/*
 * Size limits on what imagebump reads, so that no file can take the process's memory or minutes of its
 * time: `yaml` needs up to ~100 MiB of heap and several seconds of CPU for a MiB of dense YAML (a
 * marker every ten lines), and the example deployments run in 256 MiB. A file over its limit is
 * reported (when it holds what imagebump looks for) and skipped; everything else in the cycle goes on.
 */
const MIB = 1024 * 1024;
export const LIMITS = {
  /** The config file. */
  config: MIB,
  /** A file under the config's `policies` paths. */
  policies: MIB,
  /** A manifest imagebump parses for markers or targets. */
  manifest: MIB,
} as const;

export function formatSize(bytes: number): string {
  return bytes >= MIB ? `${(bytes / MIB).toFixed(1).replace(/\.0$/, '')} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** A file larger than the limit for its kind: not read into memory. */
export class FileTooLarge extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`the file is ${formatSize(size)}, over the ${formatSize(limit)} limit`);
    this.name = 'FileTooLarge';
  }
}

/** The file's bytes, or FileTooLarge (without reading it) when it is bigger than `limit`. */
export async function readBounded(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limit) throw new FileTooLarge(size, limit);
    const bytes = await handle.readFile();
    // It grew between the stat and the read.
    if (bytes.length > limit) throw new FileTooLarge(bytes.length, limit);
    return bytes;
  } finally {
    await handle.close();
  }
}

const CHUNK = 256 * 1024;
/** Chunks overlap by this much, so a token cut by a chunk boundary is still whole in the next one. */
const OVERLAP = 4096;

/** Whether `test` holds for any window of the file, read a chunk at a time: for files too big to read whole. */
export async function fileContains(path: string, test: (chunk: Buffer) => boolean): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK + OVERLAP);
    let kept = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, kept, CHUNK, null);
      if (bytesRead === 0) return false;
      const total = kept + bytesRead;
      if (test(buffer.subarray(0, total))) return true;
      kept = Math.min(OVERLAP, total);
      buffer.copyWithin(0, total - kept, total);
    }
  } finally {
    await handle.close();
  }
}

export type Decoded = { ok: true; text: string } | { ok: false; line: number; message: string };

/**
 * The text of a file that must be UTF-8 YAML, or why it is not: a NUL byte (a binary file; YAML allows
 * none) or a byte sequence that is not UTF-8 (decoding would replace it, and writing that back would
 * corrupt the file). Either way the line of the first bad byte is given.
 */
export function decodeText(bytes: Buffer): Decoded {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, line: lineAt(bytes, nul), message: 'holds a NUL byte: a binary file, not YAML' };
  const text = bytes.toString('utf8');
  if (Buffer.byteLength(text) === bytes.length && Buffer.from(text).equals(bytes)) return { ok: true, text };
  return { ok: false, line: lineAt(bytes, firstInvalidByte(bytes)), message: 'not valid UTF-8' };
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

/** Binary search for the shortest prefix a strict decoder rejects (a cut-off sequence at the end is not rejected). */
function firstInvalidByte(bytes: Buffer): number {
  const valid = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let [lo, hi] = [0, bytes.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (valid(mid + 1)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
