/**
 * What to tell a user whose token may not comment: the usual cause is a pull request from a fork,
 * where GitHub gives the `pull_request` workflow a read-only token whatever the workflow asks for.
 */
export function describeCommentPermissionProblem(status: number, summaryWritten: boolean): string[] {
  const cause =
    status === 404
      ? 'GitHub answered 404: the token cannot see this repository or pull request.'
      : `GitHub answered ${status}: the token may not write comments on this pull request.`;
  return [
    cause,
    summaryWritten
      ? 'The report is in the job summary; the gates still decide the exit code.'
      : 'The gates still decide the exit code; set GITHUB_STEP_SUMMARY (GitHub Actions does) to keep the report.',
    'To get the comment:',
    '  - give the job "permissions: { contents: read, pull-requests: write }";',
    '  - for pull requests from forks the pull_request token is always read-only: run the bot on',
    '    "pull_request_target" instead, check out the head SHA with persist-credentials: false, and never',
    '    build or run the fork\'s code in that job (gonogo only reads it). See docs/ci-bot.md.',
  ];
}
