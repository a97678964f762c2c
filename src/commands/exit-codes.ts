/** Exit statuses of the CLI, documented in the README. */
export const EXIT = {
  ok: 0,
  /** The command ran, but reported problems (invalid policies, unreadable files, failed registries). */
  problems: 1,
  /** Bad flags, or a config that cannot be used at all. */
  usage: 2,
  /** Git failed (clone, or push after all retries), or the checkout could not be written: nothing was published. */
  git: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
