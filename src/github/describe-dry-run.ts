import type { CommentBehavior } from '../config/types.js';
import { buildIssueCommentUrl, buildIssueCommentsUrl, GITHUB_API_VERSION, type IssueRef } from './github-client.js';
import { STICKY_MARKER } from './sticky-comment.js';

/**
 * What `gonogo comment` would send, for `--dry-run`. Nothing is fetched, so which of the calls
 * happens depends on the comments found by the first one; each is listed with its condition.
 * The token is shown as *** so the output is safe to paste anywhere.
 */
export function describeStickyRequests(apiUrl: string, issue: IssueRef, behavior: CommentBehavior, body: string): string {
  const list = `${buildIssueCommentsUrl(apiUrl, issue)}?per_page=100`;
  const create = buildIssueCommentsUrl(apiUrl, issue);
  const one = buildIssueCommentUrl(apiUrl, issue, '{comment_id}');
  const steps: string[] = [`GET ${list}`, `    lists every page of comments to find the one marked ${STICKY_MARKER}`];
  if (behavior === 'update') {
    steps.push(
      `PATCH ${one}`,
      '    when the newest marked comment exists and its body differs (nothing is sent when it is the same)',
      `POST ${create}`,
      '    when no marked comment exists',
    );
  } else if (behavior === 'new') {
    steps.push(`POST ${create}`, '    unless the newest marked comment already has this exact body');
  } else {
    steps.push(
      `DELETE ${one}`,
      '    for each marked comment (all but the newest when it already has this exact body)',
      `POST ${create}`,
      '    unless the newest marked comment already has this exact body',
    );
  }
  return [
    `gonogo comment --dry-run (behavior: ${behavior}): nothing was sent. The calls would be:`,
    ...steps,
    `Headers: Accept: application/vnd.github+json; Authorization: Bearer ***; X-GitHub-Api-Version: ${GITHUB_API_VERSION}`,
    `Body: {"body": <the markdown below, ${body.length} characters>}`,
    '',
    body,
  ].join('\n');
}
