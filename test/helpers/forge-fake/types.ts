import type { IncomingHttpHeaders } from 'node:http';
import type { MatchedOperation } from './openapi.js';

/** A pull (merge) request as the fake stores it, whatever the forge. */
export interface FakePull {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed' | 'merged';
  head: string;
  base: string;
  labels: string[];
  assignees: string[];
  reviewers: string[];
  autoMerge?: string;
  updatedAt: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string;
  query: Record<string, string>;
  body: unknown;
  /** 0 for a request left unanswered (see ForgeFake.stallNext). */
  status: number;
}

export interface HandlerContext {
  op: MatchedOperation;
  query: URLSearchParams;
  body: unknown;
  state: FakeState;
}

/** What a handler answers: the status and the fields it knows; the rest of the reply comes from the schema. */
export interface HandlerReply {
  status: number;
  body?: unknown;
}

export type Handler = (ctx: HandlerContext) => HandlerReply;

export interface FakeState {
  project: string;
  baseUrl: string;
  pulls: FakePull[];
  labels: { id: number; name: string }[];
  users: { id: number; username: string }[];
  nextNumber(): number;
  clock(): number;
}

export interface ForgeFlavour {
  description: string;
  /** The API base's path on the fake server, e.g. '' (GitHub), '/api/v4' (GitLab), '/api/v1' (Gitea). */
  apiPath: string;
  authorized(headers: IncomingHttpHeaders, token: string): boolean;
  handlers: Record<string, Handler>;
  /** Requests outside the REST description (GitHub's GraphQL): answered and checked by hand. */
  custom?: (method: string, path: string, body: unknown, state: FakeState) => (HandlerReply & { problems: string[] }) | undefined;
}
