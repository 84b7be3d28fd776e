/**
 * Named errors. The core throws these; only the CLI catches them and turns them into
 * one clear line and an exit code. Anything else that escapes is a bug and is shown
 * with its stack under --debug.
 */
export class GonogoError extends Error {
  /** Exit code the CLI uses for this error: 2 for bad usage or input. */
  readonly exitCode: number = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The path given to analyze does not exist, is not a folder, or cannot be read. */
export class InputPathError extends GonogoError {}

/** The config file or a flag value is invalid; the message names the key. */
export class ConfigError extends GonogoError {}

/** A file the user pointed at (review decisions, baseline...) is malformed; names the line. */
export class InputFileError extends GonogoError {}

/** Writing the report failed; nothing partial was left behind. */
export class OutputError extends GonogoError {}

/** A git operation needed by `gonogo diff` failed. */
export class GitError extends GonogoError {}

/** The GitHub API refused or failed in a way the bot cannot recover from. */
export class GitHubApiError extends GonogoError {
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `gonogo explain` was asked about an endpoint the repository does not have; the message lists near matches. */
export class EndpointNotFoundError extends GonogoError {}

/** The terminal cannot host the interactive UI (no TTY, no raw mode). */
export class TerminalError extends GonogoError {}
