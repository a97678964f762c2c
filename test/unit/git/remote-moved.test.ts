import { describe, expect, it } from 'vitest';
import { classifyGitMessage, isRemoteMoved } from '../../../src/git/errors.js';

describe('isRemoteMoved', () => {
  it.each([
    ' ! [rejected]        HEAD -> main (fetch first)',
    ' ! [rejected]        HEAD -> main (non-fast-forward)',
    ' ! [rejected]        HEAD -> imagebump/main/all (stale info)',
    // Two pushes racing through one server: the other landed between our ref read and our update.
    "remote: error: cannot lock ref 'refs/heads/main': is at 692560bcf6e45f9dafacc57d1d81f3b1330d0f2e but expected aa62bcab903f607fbf413c6759cd473befc4ab43\n ! [remote rejected] HEAD -> main (failed to update ref)",
    ' ! [remote rejected] HEAD -> main (incorrect old value provided)',
  ])('retries after %j', (message) => {
    expect(isRemoteMoved(message)).toBe(true);
    expect(classifyGitMessage(message)).toBe('rejected');
  });

  it.each([
    ' ! [remote rejected] HEAD -> main (pre-receive hook declined)',
    ' ! [remote rejected] HEAD -> main (protected branch hook declined)',
    ' ! [remote rejected] HEAD -> main (failed to update ref)',
  ])('gives up on %j', (message) => {
    expect(isRemoteMoved(message)).toBe(false);
  });
});
