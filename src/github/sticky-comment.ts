import type { CommentBehavior } from '../config/types.js';
import type { GitHubClient, IssueComment, IssueRef } from './github-client.js';

/** The hidden line that marks gonogo's comment, so later runs find it again among all the others. */
export const STICKY_MARKER = '<!-- gonogo:sticky -->';

export type StickyAction =
  | { type: 'create' }
  | { type: 'update'; commentId: number }
  | { type: 'delete'; commentId: number }
  /** The newest marked comment already says exactly this: no call at all. */
  | { type: 'keep'; commentId: number };

/**
 * Decides the calls for one run, from the comments already on the pull request:
 * - `update` (default): edit the newest marked comment in place, or create one;
 * - `new`: add a comment each run, so the history of the estimate stays readable;
 * - `delete-and-new`: remove every marked comment, then add one at the bottom.
 * Whatever the behaviour, when the newest marked comment already has this exact body nothing is
 * sent for it (a re-run of the job must not notify anyone); older duplicates are still deleted
 * under `delete-and-new`.
 */
export function planStickyComment(
  existing: readonly IssueComment[],
  body: string,
  behavior: CommentBehavior,
  marker: string = STICKY_MARKER,
): StickyAction[] {
  const marked = existing.filter((comment) => comment.body.includes(marker)).sort((a, b) => a.id - b.id);
  const newest = marked.at(-1);
  const unchanged = newest !== undefined && normalizeBody(newest.body) === normalizeBody(body);
  switch (behavior) {
    case 'update':
      if (!newest) return [{ type: 'create' }];
      return [unchanged ? { type: 'keep', commentId: newest.id } : { type: 'update', commentId: newest.id }];
    case 'new':
      return [unchanged ? { type: 'keep', commentId: newest.id } : { type: 'create' }];
    case 'delete-and-new': {
      const older = marked.slice(0, -1).map((comment): StickyAction => ({ type: 'delete', commentId: comment.id }));
      if (!newest) return [{ type: 'create' }];
      return unchanged
        ? [...older, { type: 'keep', commentId: newest.id }]
        : [...older, { type: 'delete', commentId: newest.id }, { type: 'create' }];
    }
  }
}

/** GitHub stores what it is sent, but editors and proxies may turn line endings into CRLF. */
function normalizeBody(body: string): string {
  return body.replace(/\r\n/g, '\n').trimEnd();
}

export interface StickyOutcome {
  result: 'created' | 'updated' | 'unchanged';
  /** The comment now carrying the report. */
  commentId: number;
  commentUrl: string | null;
  deleted: number;
  /** The plan that was carried out, in order. */
  actions: StickyAction[];
}

/** Finds gonogo's comment on a pull request and makes it say `body`, with as few calls as possible. */
export async function syncStickyComment(
  client: GitHubClient,
  issue: IssueRef,
  body: string,
  behavior: CommentBehavior,
  marker: string = STICKY_MARKER,
): Promise<StickyOutcome> {
  const markedBody = body.includes(marker) ? body : `${marker}\n${body}`;
  const existing = await client.listIssueComments(issue);
  const actions = planStickyComment(existing, markedBody, behavior, marker);
  let deleted = 0;
  let outcome: Pick<StickyOutcome, 'result' | 'commentId' | 'commentUrl'> | null = null;
  for (const action of actions) {
    if (action.type === 'delete') {
      await client.deleteIssueComment(issue, action.commentId);
      deleted += 1;
    } else if (action.type === 'create') {
      const created = await client.createIssueComment(issue, markedBody);
      outcome = { result: 'created', commentId: created.id, commentUrl: created.htmlUrl };
    } else if (action.type === 'update') {
      const updated = await client.updateIssueComment(issue, action.commentId, markedBody);
      outcome = { result: 'updated', commentId: updated.id, commentUrl: updated.htmlUrl };
    } else {
      const kept = existing.find((comment) => comment.id === action.commentId);
      outcome = { result: 'unchanged', commentId: action.commentId, commentUrl: kept?.htmlUrl ?? null };
    }
  }
  if (!outcome) throw new Error('planStickyComment returned no create, update or keep action');
  return { ...outcome, deleted, actions };
}
