/**
 * The review UI's entry point, loaded with a dynamic import by `gonogo review` only, so no
 * other command pays for ink and React.
 */
import { render } from 'ink';
import type { ReviewSummary } from './components/review-app.js';
import { ReviewRoot, type ReviewRootProps } from './components/review-root.js';

export type { ReviewSummary } from './components/review-app.js';

export interface RunReviewOptions extends Omit<ReviewRootProps, 'onExit'> {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Switch to the terminal's alternate screen and back, so quitting restores what was there. */
const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';

/**
 * Runs the review UI until the reviewer quits. Resolves with what happened (null when they
 * cancelled during the analysis); rejects with the analysis error, after the terminal is
 * restored, so the CLI can print it as one line.
 */
export async function runReviewTui(options: RunReviewOptions): Promise<ReviewSummary | null> {
  const { stdin, stdout, stderr, ...rootProps } = options;
  let summary: ReviewSummary | null = null;
  stdout.write(ENTER_ALTERNATE_SCREEN);
  const instance = render(
    <ReviewRoot
      {...rootProps}
      onExit={(result) => {
        summary = result;
      }}
    />,
    { stdin, stdout, stderr, exitOnCtrlC: false, patchConsole: true },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
  return summary;
}
