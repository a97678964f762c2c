import { parentPort } from 'node:worker_threads';
import { misreadEdit, type Misread } from '../manifests/guard.js';
import { locateMarkers, type Located } from '../manifests/locate.js';
import type { Edit } from '../manifests/splice.js';

/** Locate a file's markers (before the rewrite), or check a rewritten text (after it). */
export type ParseJob = { id: number; kind: 'locate'; text: string } | { id: number; kind: 'check'; text: string; edits: readonly Edit[] };

export interface ParseReply {
  id: number;
  /** Absent when the job threw: the caller runs it in its own thread and reports what it throws. */
  result?: { located: Located } | { misread: Misread | null };
}

// The parse is the whole job of this thread: the same pure functions the main thread would run.
parentPort?.on('message', (job: ParseJob) => {
  let reply: ParseReply;
  try {
    reply = { id: job.id, result: job.kind === 'locate' ? { located: locateMarkers(job.text) } : { misread: misreadEdit(job.text, job.edits) ?? null } };
  } catch {
    reply = { id: job.id };
  }
  parentPort?.postMessage(reply);
});
