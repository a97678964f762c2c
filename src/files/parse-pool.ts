import { Worker } from 'node:worker_threads';
import type { Misread } from '../manifests/guard.js';
import type { Located } from '../manifests/locate.js';
import type { Edit } from '../manifests/splice.js';
import type { ParseJob, ParseReply } from './parse-worker.js';

/**
 * A parse leaves short-lived garbage only: a small young generation keeps each worker's memory near
 * 30 MiB instead of 70 at no measurable cost. A file too big for the old generation ends its worker,
 * and the pool then falls back to the calling thread, which has no such limit.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

type Result = ParseReply['result'];

/**
 * Worker threads that run the YAML parses of a rewrite (nearly all of its CPU) for many files at once:
 * `locateMarkers` before a file's rewrite, and `misreadEdit`, the check of its new text, after it. The
 * results are plain data, identical to what the calling thread would compute. Any trouble with a worker
 * (it failed to start, it crashed) resolves to `undefined`, which tells the caller to do the work in
 * its own thread: the pool can make a rewrite faster, never different.
 */
export class ParsePool {
  private readonly idle: Worker[] = [];
  private readonly waiting: { job: ParseJob; done: (result: Result) => void }[] = [];
  private readonly running = new Map<number, { worker: Worker; done: (result: Result) => void }>();
  private nextId = 0;
  private broken = false;

  constructor(size: number, script: URL = new URL('./parse-worker.js', import.meta.url)) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { resourceLimits: WORKER_LIMITS });
      worker.on('message', (reply: ParseReply) => this.finish(worker, reply.id, reply.result));
      worker.on('error', () => this.fail());
      this.idle.push(worker);
    }
  }

  async locate(text: string): Promise<Located | undefined> {
    const result = await this.run({ id: this.nextId++, kind: 'locate', text });
    return result && 'located' in result ? result.located : undefined;
  }

  /** `misreadEdit(text, edits)`: null when the text passes, undefined when the caller must check it. */
  async check(text: string, edits: readonly Edit[]): Promise<Misread | null | undefined> {
    const result = await this.run({ id: this.nextId++, kind: 'check', text, edits });
    return result && 'misread' in result ? result.misread : undefined;
  }

  private run(job: ParseJob): Promise<Result> {
    if (this.broken) return Promise.resolve(undefined);
    return new Promise((done) => {
      this.waiting.push({ job, done });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.fail();
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const worker = this.idle.pop()!;
      const { job, done } = this.waiting.shift()!;
      this.running.set(job.id, { worker, done });
      worker.postMessage(job);
    }
  }

  private finish(worker: Worker, id: number, result: Result): void {
    const run = this.running.get(id);
    if (!run) return;
    this.running.delete(id);
    this.idle.push(worker);
    run.done(result);
    this.dispatch();
  }

  /** From now on every caller locates in its own thread; whatever was asked resolves to undefined. */
  private fail(): void {
    this.broken = true;
    for (const { done, worker } of this.running.values()) {
      done(undefined);
      if (!this.idle.includes(worker)) this.idle.push(worker);
    }
    this.running.clear();
    for (const { done } of this.waiting.splice(0)) done(undefined);
  }
}
