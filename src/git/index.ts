export { cloneWorkspace } from './workspace.js';
export { classifyGitMessage, isRemoteMoved } from './errors.js';
export { scrub } from './auth.js';
export {
  GitError,
  type Author,
  type BranchPublishOptions,
  type BranchPublishResult,
  type CommitIdentity,
  type Signing,
  type CloneOptions,
  type GitAuth,
  type GitErrorKind,
  type PendingCommit,
  type PublishOptions,
  type PublishResult,
  type Workspace,
} from './types.js';
