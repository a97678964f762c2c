import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { mayContainMarkers } from '../manifests/index.js';
import type { Misread } from '../manifests/guard.js';
import type { Located } from '../manifests/locate.js';
import { excessiveNesting } from '../manifests/nesting.js';
import type { Edit } from '../manifests/splice.js';
import { ParsePool } from './parse-pool.js';
import { LIMITS, readBounded } from './read-text.js';

/** Below this many files to visit, threads cost more (start-up, memory) than they save. */
const PARALLEL_MIN_FILES = 400;
/** Marked files parsed in this thread before the pool starts: a tree with a handful never starts it. */
const POOL_AFTER_MARKED = 16;
/** Files read and handed to the pool ahead of the one being rewritten: enough to keep every worker busy. */
const AHEAD_PER_WORKER = 8;
const MAX_WORKERS = 4;

/** The read-ahead found the file settled (`markersSettled`): it needs no parse, and got none. */
export const SETTLED = Symbol('settled');

export interface Prefetch {
  /** The file's bytes (rejects as readFile does, and with FileTooLarge). */
  bytes: Promise<Buffer>;
  /** Where the file's markers are, when a worker parsed it; undefined means: locate in this thread. */
  located: Promise<Located | typeof SETTLED | undefined>;
}

/**
 * Reads the files of a tree rewrite in the order they are rewritten, a bounded window ahead, and has
 * the marked ones parsed by worker threads meanwhile; only the window's texts are in memory. With few
 * files or one core it simply reads, and the rewrite parses in its own thread, as it always did.
 */
export class ReadAhead {
  private readonly started = new Map<string, Prefetch>();
  private readonly workers: number;
  private readonly window: number;
  private pool: ParsePool | undefined;
  private markedSeen = 0;
  private next = 0;

  constructor(
    private readonly dir: string,
    private readonly order: readonly string[],
    private readonly markers: (file: string) => boolean,
    /** A marked file that needs no parse (`markersSettled`): not sent to a worker. */
    private readonly settled?: (file: string, text: string) => boolean,
  ) {
    // Worker threads load the compiled worker script; run from TypeScript sources (tsx, tests) there is none.
    const compiled = import.meta.url.endsWith('.js');
    this.workers = compiled && order.length >= PARALLEL_MIN_FILES ? Math.min(availableParallelism(), MAX_WORKERS) : 1;
    this.window = this.workers > 1 ? this.workers * AHEAD_PER_WORKER : 0;
  }

  /** The file's bytes and, from a worker, where its markers are. Ask in `order`; files may be skipped. */
  read(file: string): Prefetch {
    if (this.window === 0) return { bytes: readBounded(join(this.dir, file), LIMITS.manifest), located: Promise.resolve(undefined) };
    return this.take(file);
  }

  /** `misreadEdit` of a rewritten text by a worker, once the pool runs; undefined means: check in this thread. */
  check(text: string, edits: readonly Edit[]): Promise<Misread | null | undefined> {
    return this.pool ? this.pool.check(text, edits) : Promise.resolve(undefined);
  }

  async close(): Promise<void> {
    this.started.clear();
    await this.pool?.close();
  }

  /** Moves the window to `file`, forgetting the files before it, so memory holds one window of texts. */
  private take(file: string): Prefetch {
    const index = this.order.indexOf(file, this.next);
    if (index < 0) return this.started.get(file) ?? this.start(file);
    for (let i = this.next; i < index; i++) this.started.delete(this.order[i]!);
    this.next = index;
    const last = Math.min(index + this.window, this.order.length - 1);
    for (let i = index; i <= last; i++) this.start(this.order[i]!);
    return this.started.get(file)!;
  }

  private start(file: string): Prefetch {
    const existing = this.started.get(file);
    if (existing) return existing;
    const bytes = readBounded(join(this.dir, file), LIMITS.manifest);
    // A read that fails is reported when the rewrite asks for it, not here.
    bytes.catch(() => undefined);
    const located = this.markers(file) ? bytes.then((b) => this.locate(file, b), () => undefined) : Promise.resolve(undefined);
    const prefetch = { bytes, located };
    this.started.set(file, prefetch);
    return prefetch;
  }

  /**
   * A settled file (`markersSettled`) gets no parse at all; a text nested too deep to parse is left to
   * the rewrite, which refuses it without parsing.
   */
  private async locate(file: string, bytes: Buffer): Promise<Located | typeof SETTLED | undefined> {
    if (!mayContainMarkers(bytes)) return undefined;
    const text = bytes.toString('utf8');
    if (this.settled?.(file, text)) return SETTLED;
    return excessiveNesting(text) === undefined ? this.poolFor()?.locate(text) : undefined;
  }

  private poolFor(): ParsePool | undefined {
    if (++this.markedSeen <= POOL_AFTER_MARKED) return undefined;
    this.pool ??= new ParsePool(this.workers);
    return this.pool;
  }
}
