import { parentPort } from 'node:worker_threads';
import { locateMarkers } from '../manifests/locate.js';

export interface LocateJob {
  id: number;
  text: string;
}

export interface LocateReply {
  id: number;
  /** Undefined when locating threw: the caller locates in its own thread and reports what it throws. */
  located?: ReturnType<typeof locateMarkers>;
}

// The parse is the whole job of this thread: the same pure function the main thread would run.
parentPort?.on('message', (job: LocateJob) => {
  let reply: LocateReply;
  try {
    reply = { id: job.id, located: locateMarkers(job.text) };
  } catch {
    reply = { id: job.id };
  }
  parentPort?.postMessage(reply);
});
