/** The exit codes of `fuel`: part of its contract with the scripts that call it. */
export const EXIT_CODES = {
  ok: 0,
  /** The API refused the request (4xx, or another error answer); its message goes to stderr. */
  refused: 1,
  /** The command line is wrong. */
  usage: 2,
  /** The server cannot be reached. */
  unreachable: 3,
  /** The task waited for ended in error (a failed deployment, stop, reset or removal). */
  failed: 4,
  /** Ctrl-C. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
