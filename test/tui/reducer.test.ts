import { describe, expect, test } from 'vitest';
import type { ReviewEntry } from '../../src/review/review-file.js';
import {
  countUnwrittenChanges,
  createInitialState,
  createReviewReducer,
  selectVisibleEndpoints,
  type KeyName,
  type ReviewAction,
  type ReviewState,
} from '../../src/tui/reducer.js';
import { makeAnalysis } from './sample-analysis.js';

const USERS = 'POST /api/users src/routes/users.js';
const ORGS = 'GET /api/v1/organisations/:organisationId/projects/:projectId/members/:memberId/permissions src/routes/orgs.js';
const HEALTH = 'GET /api/health src/app.js';
const PRODUCTS = 'GET /api/products src/routes/products.js';
const PRODUCT = 'GET /api/products/:id src/routes/products.js';

const USERS_REF = { method: 'POST', path: '/api/users', file: 'src/routes/users.js' };
const HEALTH_REF = { method: 'GET', path: '/api/health', file: 'src/app.js' };
const PRODUCTS_REF = { method: 'GET', path: '/api/products', file: 'src/routes/products.js' };
const GONE_REF = { method: 'DELETE', path: '/api/users/:id', file: 'src/routes/users.js' };

const analysis = makeAnalysis();
const deps = { recompute: analysis.withDecisions };
const reduce = createReviewReducer(deps);
/** Ten rows: a list of three rows and a detail view of four, so paging and clamping show with five endpoints. */
const VIEWPORT = { rows: 10, columns: 100 };

function start(entries: ReviewEntry[] = []): ReviewState {
  return createInitialState({ baseline: analysis.result, entries, viewport: VIEWPORT }, deps);
}
const text = (value: string): ReviewAction => ({ type: 'text', text: value });
const key = (name: KeyName): ReviewAction => ({ type: 'key', name });
function press(state: ReviewState, ...actions: (ReviewAction | string)[]): ReviewState {
  return actions.reduce<ReviewState>((current, action) => reduce(current, typeof action === 'string' ? text(action) : action), state);
}
const keysOf = (state: ReviewState): string[] => selectVisibleEndpoints(state).map((endpoint) => endpoint.key);
const resultWith = (entries: ReviewEntry[]) =>
  analysis.withDecisions(entries.map((entry) => ({ key: `${entry.endpoint.method} ${entry.endpoint.path} ${entry.endpoint.file}`, ...(entry.kind ? { kind: entry.kind } : {}), ...(entry.recommendation ? { recommendation: entry.recommendation } : {}), ...(entry.note ? { note: entry.note } : {}) })));

describe('the initial state', () => {
  test('lists every endpoint in plan order with nothing decided', () => {
    const state = start();
    expect(state).toEqual({
      baseline: analysis.result,
      result: analysis.result,
      entries: [],
      savedEntries: [],
      stale: [],
      screen: 'list',
      helpReturn: 'list',
      mode: 'normal',
      cursor: 0,
      top: 0,
      filter: '',
      filterBefore: '',
      sort: 'plan',
      marked: [],
      note: null,
      detail: null,
      helpScroll: 0,
      viewport: VIEWPORT,
      undo: [],
      message: null,
      writing: false,
      quitAfterWrite: false,
      exit: false,
    });
    expect(keysOf(state)).toEqual([USERS, ORGS, HEALTH, PRODUCTS, PRODUCT]);
  });

  test('applies the decisions that match and keeps stale ones, with a reason', () => {
    const entries: ReviewEntry[] = [{ endpoint: GONE_REF, kind: 'io' }, { endpoint: USERS_REF, kind: 'cpu' }];
    const state = start(entries);
    expect(state.entries).toEqual([{ endpoint: GONE_REF, kind: 'io' }, { endpoint: USERS_REF, kind: 'cpu' }]);
    expect(state.savedEntries).toBe(state.entries);
    expect(state.stale).toEqual([{ key: 'DELETE /api/users/:id src/routes/users.js', reason: 'no endpoint with this method, path and handler file was found' }]);
    expect(state.result).toEqual(resultWith([{ endpoint: USERS_REF, kind: 'cpu' }]));
    expect(countUnwrittenChanges(state)).toBe(0);
  });
});

describe('moving in the list', () => {
  test('j and down move one row, k and up back, and both stop at the ends', () => {
    const state = start();
    expect(press(state, 'j')).toEqual({ ...state, cursor: 1 });
    expect(press(state, key('down'))).toEqual({ ...state, cursor: 1 });
    expect(press(state, 'j', 'j', 'k')).toEqual({ ...state, cursor: 1 });
    expect(press(state, 'j', key('up'))).toEqual(state);
    expect(press(state, 'k')).toEqual(state);
  });

  test('the list scrolls to keep the cursor on screen', () => {
    const state = start();
    expect(press(state, 'j', 'j', 'j')).toEqual({ ...state, cursor: 3, top: 1 });
    expect(press(state, 'j', 'j', 'j', 'j', 'j')).toEqual({ ...state, cursor: 4, top: 2 });
    expect(press(state, 'G', 'k', 'k', 'k')).toEqual({ ...state, cursor: 1, top: 1 });
  });

  test('g and home go to the first row, G and end to the last', () => {
    const state = start();
    expect(press(state, 'G')).toEqual({ ...state, cursor: 4, top: 2 });
    expect(press(state, key('end'))).toEqual({ ...state, cursor: 4, top: 2 });
    expect(press(state, 'G', 'g')).toEqual(state);
    expect(press(state, 'G', key('home'))).toEqual(state);
  });

  test('page down and page up move by the list height', () => {
    const state = start();
    expect(press(state, key('pagedown'))).toEqual({ ...state, cursor: 3, top: 1 });
    expect(press(state, key('pagedown'), key('pagedown'))).toEqual({ ...state, cursor: 4, top: 2 });
    expect(press(state, 'G', key('pageup'))).toEqual({ ...state, cursor: 1, top: 1 });
  });

  test('a key with no meaning changes nothing', () => {
    const state = start();
    expect(press(state, 'Q')).toEqual(state);
    expect(press(state, key('tab'))).toEqual(state);
  });
});

describe('sorting', () => {
  test('s cycles plan order, cost and path, keeping the selected endpoint selected', () => {
    const state = press(start(), 'j');
    const byCost = press(state, 's');
    expect(byCost).toEqual({ ...state, sort: 'cost', cursor: 0 });
    expect(keysOf(byCost)).toEqual([ORGS, USERS, PRODUCTS, PRODUCT, HEALTH]);
    const byPath = press(byCost, 's');
    expect(byPath).toEqual({ ...state, sort: 'path', cursor: 4, top: 2 });
    expect(keysOf(byPath)).toEqual([HEALTH, PRODUCTS, PRODUCT, USERS, ORGS]);
    expect(press(byPath, 's')).toEqual({ ...state, sort: 'plan', cursor: 1, top: 1 });
  });
});

describe('filter mode', () => {
  test('/ enters it and typing filters live', () => {
    const state = start();
    const filtering = press(state, '/');
    expect(filtering).toEqual({ ...state, mode: 'filter' });
    const typed = press(filtering, 'k', 'i', 'n', 'd', ':', 'i', 'o');
    expect(typed).toEqual({ ...state, mode: 'filter', filter: 'kind:io' });
    expect(keysOf(typed)).toEqual([HEALTH, PRODUCTS, PRODUCT]);
  });

  test('a pasted filter arrives as one text action', () => {
    const typed = press(start(), '/', 'rec:go products');
    expect(keysOf(typed)).toEqual([]);
    expect(typed.filter).toBe('rec:go products');
  });

  test('backspace erases a character, enter keeps the filter, esc restores the previous one', () => {
    const state = start();
    const typed = press(state, '/', 'kind:cpux', key('backspace'));
    expect(typed).toEqual({ ...state, mode: 'filter', filter: 'kind:cpu' });
    const kept = press(typed, key('enter'));
    expect(kept).toEqual({ ...state, filter: 'kind:cpu' });
    expect(keysOf(kept)).toEqual([ORGS]);
    expect(press(kept, '/', ' rec:go', key('escape'))).toEqual({ ...state, filter: 'kind:cpu' });
  });

  test('up and down move the selection while typing; other named keys do nothing', () => {
    const state = press(start(), '/', 'api');
    expect(press(state, key('down'))).toEqual({ ...state, cursor: 1 });
    expect(press(state, key('down'), key('up'))).toEqual(state);
    expect(press(state, key('pagedown'))).toEqual(state);
  });

  test('the selected endpoint stays selected when it still matches, else the row index is kept in range', () => {
    const state = press(start(), 'j', 'j', 'j');
    expect(state.cursor).toBe(3);
    const narrowed = press(state, '/', 'products');
    expect(keysOf(narrowed)).toEqual([PRODUCTS, PRODUCT]);
    expect(narrowed.cursor).toBe(0);
    const gone = press(state, '/', 'health');
    expect(keysOf(gone)).toEqual([HEALTH]);
    expect(gone.cursor).toBe(0);
    expect(gone.top).toBe(0);
  });

  test('esc in the list clears the marks first, then the filter', () => {
    const state = press(start(), '/', 'api', key('enter'), ' ');
    expect(state.marked).toEqual([USERS]);
    const unmarked = press(state, key('escape'));
    expect(unmarked).toEqual({ ...state, marked: [] });
    expect(press(unmarked, key('escape'))).toEqual({ ...unmarked, filter: '' });
    expect(press(unmarked, key('escape'), key('escape'))).toEqual({ ...unmarked, filter: '' });
  });
});

describe('marking', () => {
  test('space marks the row and moves down; space on a marked row unmarks it', () => {
    const state = start();
    const marked = press(state, ' ', ' ');
    expect(marked).toEqual({ ...state, marked: [USERS, ORGS].sort(), cursor: 2 });
    expect(press(marked, 'k', ' ')).toEqual({ ...state, marked: [USERS], cursor: 2 });
  });

  test('a decision applies to every marked endpoint and consumes the marks', () => {
    const state = press(start(), 'j', 'j', ' ', ' ');
    expect(state.marked).toEqual([HEALTH, PRODUCTS]);
    const relabelled = press(state, 'c');
    const entries: ReviewEntry[] = [
      { endpoint: HEALTH_REF, kind: 'cpu' },
      { endpoint: PRODUCTS_REF, kind: 'cpu' },
    ];
    expect(relabelled).toEqual({
      ...state,
      marked: [],
      entries,
      result: resultWith(entries),
      undo: [{ entries: [], label: 'set kind cpu on 2 endpoints' }],
      message: { text: 'set kind cpu on 2 endpoints', tone: 'success' },
    });
  });
});

describe('decisions', () => {
  test('i, c and m set the kind of the selected endpoint and recompute the result', () => {
    const state = start();
    for (const [letter, kind] of [['i', 'io'], ['c', 'cpu'], ['m', 'mixed']] as const) {
      const entries: ReviewEntry[] = [{ endpoint: USERS_REF, kind }];
      expect(press(state, letter)).toEqual({
        ...state,
        entries,
        result: resultWith(entries),
        undo: [{ entries: [], label: `set kind ${kind} on POST /api/users` }],
        message: { text: `set kind ${kind} on POST /api/users`, tone: 'success' },
      });
    }
  });

  test('setting the kind it already has leaves no undo step', () => {
    const state = press(start(), 'c');
    expect(press(state, 'c')).toEqual({ ...state, message: { text: 'unchanged: set kind cpu on POST /api/users', tone: 'info' } });
  });

  test('r cycles the recommendation from the current one: go, keep-node, keep-python, not-worth-it, go', () => {
    const state = start();
    const seen: (string | undefined)[] = [];
    let current = state;
    for (let i = 0; i < 4; i += 1) {
      current = press(current, 'r');
      seen.push(current.entries[0]?.recommendation);
    }
    expect(seen).toEqual(['keep-node', 'keep-python', 'not-worth-it', 'go']);
    const once = press(state, 'r');
    expect(once).toEqual({
      ...state,
      entries: [{ endpoint: USERS_REF, recommendation: 'keep-node' }],
      result: resultWith([{ endpoint: USERS_REF, recommendation: 'keep-node' }]),
      undo: [{ entries: [], label: 'recommended keep-node for POST /api/users' }],
      message: { text: 'recommended keep-node for POST /api/users', tone: 'success' },
    });
    expect(once.result.estimate?.percentiles.p50).toBeCloseTo(0.4, 10);
  });

  test('x clears the kind and the recommendation but keeps the note', () => {
    const state = start([{ endpoint: USERS_REF, kind: 'cpu', recommendation: 'go', note: 'checked' }]);
    const cleared = press(state, 'x');
    expect(cleared).toEqual({
      ...state,
      entries: [{ endpoint: USERS_REF, note: 'checked' }],
      result: resultWith([{ endpoint: USERS_REF, note: 'checked' }]),
      undo: [{ entries: state.entries, label: 'cleared the labels of POST /api/users' }],
      message: { text: 'cleared the labels of POST /api/users', tone: 'success' },
    });
    expect(countUnwrittenChanges(cleared)).toBe(1);
  });

  test('z undoes decisions one at a time, and says when there is nothing to undo', () => {
    const state = start();
    const twice = press(state, 'c', 'j', 'i');
    expect(twice.entries).toEqual([
      { endpoint: { method: 'GET', path: ORGS.split(' ')[1] as string, file: 'src/routes/orgs.js' }, kind: 'io' },
      { endpoint: USERS_REF, kind: 'cpu' },
    ]);
    const once = press(twice, 'z');
    expect(once).toEqual({
      ...twice,
      entries: [{ endpoint: USERS_REF, kind: 'cpu' }],
      result: resultWith([{ endpoint: USERS_REF, kind: 'cpu' }]),
      undo: [{ entries: [], label: 'set kind cpu on POST /api/users' }],
      message: { text: 'undid: set kind io on GET /api/v1/organisations/:organisationId/projects/:projectId/members/:memberId/permissions', tone: 'success' },
    });
    const none = press(once, 'z');
    expect(none).toEqual({ ...once, entries: [], result: analysis.result, undo: [], message: { text: 'undid: set kind cpu on POST /api/users', tone: 'success' } });
    expect(press(none, 'z')).toEqual({ ...none, message: { text: 'nothing to undo', tone: 'info' } });
  });

  test('a decision on an empty list says there is no endpoint', () => {
    const state = press(start(), '/', 'nothing-matches', key('enter'));
    expect(press(state, 'c')).toEqual({ ...state, message: { text: 'no endpoint selected', tone: 'warning' } });
    expect(press(state, 'r')).toEqual({ ...state, message: { text: 'no endpoint selected', tone: 'warning' } });
    expect(press(state, 'n')).toEqual({ ...state, message: { text: 'no endpoint selected', tone: 'warning' } });
    expect(press(state, key('enter'))).toEqual({ ...state, message: { text: 'no endpoint to open', tone: 'warning' } });
  });
});

describe('note mode', () => {
  test('n opens it with the current note, text and backspace edit, enter saves', () => {
    const state = start([{ endpoint: USERS_REF, note: 'was' }]);
    const editing = press(state, 'n');
    expect(editing).toEqual({ ...state, mode: 'note', note: { draft: 'was', targets: [USERS] } });
    const typed = press(editing, key('backspace'), key('backspace'), key('backspace'), 'bcrypt cost 12');
    expect(typed).toEqual({ ...state, mode: 'note', note: { draft: 'bcrypt cost 12', targets: [USERS] } });
    const saved = press(typed, key('enter'));
    expect(saved).toEqual({
      ...state,
      entries: [{ endpoint: USERS_REF, note: 'bcrypt cost 12' }],
      result: resultWith([{ endpoint: USERS_REF, note: 'bcrypt cost 12' }]),
      undo: [{ entries: state.entries, label: 'noted POST /api/users' }],
      message: { text: 'noted POST /api/users', tone: 'success' },
    });
  });

  test('keys are text while typing a note, and pasted line breaks become spaces', () => {
    const typed = press(start(), 'n', 'q', 'j', 'line\nbreak');
    expect(typed.mode).toBe('note');
    expect(typed.note).toEqual({ draft: 'qjline break', targets: [USERS] });
    expect(typed.cursor).toBe(0);
  });

  test('an empty note removes the note; esc cancels without a change', () => {
    const state = start([{ endpoint: USERS_REF, kind: 'cpu', note: 'old' }]);
    const removed = press(state, 'n', key('backspace'), key('backspace'), key('backspace'), key('enter'));
    expect(removed.entries).toEqual([{ endpoint: USERS_REF, kind: 'cpu' }]);
    expect(removed.message).toEqual({ text: 'removed the note on POST /api/users', tone: 'success' });
    expect(press(state, 'n', 'more', key('escape'))).toEqual(state);
  });

  test('with marked endpoints the note starts empty and goes to all of them', () => {
    const state = press(start(), ' ', ' ');
    const editing = press(state, 'n');
    expect(editing.note).toEqual({ draft: '', targets: [USERS, ORGS].sort() });
    const saved = press(editing, 'hot path', key('enter'));
    expect(saved.entries.map((entry) => entry.note)).toEqual(['hot path', 'hot path']);
    expect(saved.marked).toEqual([]);
  });
});

describe('the detail view', () => {
  const opened = (): ReviewState => press(start(), 'j', key('enter'), { type: 'detail-size', lineCount: 10 });

  test('enter opens the selected endpoint', () => {
    const state = press(start(), 'j');
    expect(press(state, key('enter'))).toEqual({ ...state, screen: 'detail', detail: { key: ORGS, scroll: 0, lineCount: 0 } });
  });

  test('j, k, g, G, space and the page keys scroll within the content', () => {
    const state = opened();
    expect(state.detail).toEqual({ key: ORGS, scroll: 0, lineCount: 10 });
    expect(press(state, 'j').detail).toEqual({ key: ORGS, scroll: 1, lineCount: 10 });
    expect(press(state, key('down'), key('down'), key('up')).detail).toEqual({ key: ORGS, scroll: 1, lineCount: 10 });
    expect(press(state, 'G').detail).toEqual({ key: ORGS, scroll: 6, lineCount: 10 });
    expect(press(state, key('end'), 'j').detail).toEqual({ key: ORGS, scroll: 6, lineCount: 10 });
    expect(press(state, 'G', 'g').detail).toEqual({ key: ORGS, scroll: 0, lineCount: 10 });
    expect(press(state, 'G', key('home')).detail).toEqual({ key: ORGS, scroll: 0, lineCount: 10 });
    expect(press(state, ' ').detail).toEqual({ key: ORGS, scroll: 4, lineCount: 10 });
    expect(press(state, key('pagedown'), key('pagedown')).detail).toEqual({ key: ORGS, scroll: 6, lineCount: 10 });
    expect(press(state, 'G', key('pageup')).detail).toEqual({ key: ORGS, scroll: 2, lineCount: 10 });
    expect(press(state, 'k').detail).toEqual({ key: ORGS, scroll: 0, lineCount: 10 });
  });

  test('a scroll asked before the content is measured is kept, then clamped when the size arrives', () => {
    const early = press(start(), 'j', key('enter'), 'G');
    expect(early.detail).toEqual({ key: ORGS, scroll: Number.MAX_SAFE_INTEGER, lineCount: 0 });
    expect(reduce(early, { type: 'detail-size', lineCount: 10 }).detail).toEqual({ key: ORGS, scroll: 6, lineCount: 10 });
    expect(reduce(start(), { type: 'detail-size', lineCount: 10 })).toEqual(start());
  });

  test('q and esc go back to the list with the same endpoint selected', () => {
    const state = opened();
    const back = { ...state, screen: 'list' as const, detail: null };
    expect(press(state, 'q')).toEqual(back);
    expect(press(state, key('escape'))).toEqual(back);
  });

  test('decision keys act on the open endpoint, not on the marked ones', () => {
    const state = press(start(), ' ', key('enter'), { type: 'detail-size', lineCount: 10 });
    expect(state.marked).toEqual([USERS]);
    expect(state.detail?.key).toBe(ORGS);
    const relabelled = press(state, 'i');
    const orgsRef = { method: 'GET', path: ORGS.split(' ')[1] as string, file: 'src/routes/orgs.js' };
    expect(relabelled.entries).toEqual([{ endpoint: orgsRef, kind: 'io' }]);
    expect(relabelled.marked).toEqual([]);
    expect(relabelled.screen).toBe('detail');
    expect(press(relabelled, 'r').entries).toEqual([{ endpoint: orgsRef, kind: 'io', recommendation: 'keep-node' }]);
    expect(press(relabelled, 'x').entries).toEqual([]);
    expect(press(relabelled, 'z').entries).toEqual([]);
    expect(press(relabelled, 'n').note).toEqual({ draft: '', targets: [ORGS] });
    expect(press(relabelled, 'w').writing).toBe(true);
  });

  test('a resize clamps the scroll to the new height', () => {
    const state = press(opened(), 'G');
    expect(press(state, { type: 'resize', viewport: { rows: 12, columns: 80 } })).toEqual({
      ...state,
      viewport: { rows: 12, columns: 80 },
      detail: { key: ORGS, scroll: 4, lineCount: 10 },
    });
  });
});

describe('the help view', () => {
  test('? opens it from the list and from the detail view, and q, esc or ? return there', () => {
    const state = start();
    const help = press(state, '?');
    expect(help).toEqual({ ...state, screen: 'help' });
    expect(press(help, 'q')).toEqual(state);
    expect(press(help, key('escape'))).toEqual(state);
    expect(press(help, '?')).toEqual(state);
    const detail = press(state, key('enter'), { type: 'detail-size', lineCount: 3 });
    const fromDetail = press(detail, '?');
    expect(fromDetail).toEqual({ ...detail, screen: 'help', helpReturn: 'detail' });
    expect(press(fromDetail, 'q')).toEqual({ ...detail, helpReturn: 'detail' });
  });

  test('j, k, g and G scroll it when it is taller than the terminal', () => {
    const help = press(start(), '?');
    expect(press(help, 'j').helpScroll).toBe(1);
    expect(press(help, key('down'), key('up')).helpScroll).toBe(0);
    expect(press(help, 'G').helpScroll).toBe(12);
    expect(press(help, key('end'), 'j').helpScroll).toBe(12);
    expect(press(help, 'G', 'g').helpScroll).toBe(0);
    expect(press(help, 'G', key('home')).helpScroll).toBe(0);
    expect(press(help, 'c')).toEqual(help);
  });
});

describe('chunks of several keys (typed ahead, scripted or pasted)', () => {
  test('run as commands one by one, and the rest of a chunk after / is the filter', () => {
    const state = start();
    expect(press(state, 'jj')).toEqual({ ...state, cursor: 2 });
    const filtered = press(state, '/users\r');
    expect(filtered).toEqual({ ...state, filter: 'users' });
    expect(keysOf(filtered)).toEqual([USERS]);
    expect(press(state, '/users\r\r')).toEqual({ ...state, filter: 'users', screen: 'detail', detail: { key: USERS, scroll: 0, lineCount: 0 } });
  });

  test('a decision, a write and a quit typed ahead all happen, in order', () => {
    const written = press(start(), 'cw');
    expect(written.entries).toEqual([{ endpoint: USERS_REF, kind: 'cpu' }]);
    expect(written.writing).toBe(true);
    const quit = press(start(), 'cqy');
    expect(quit.exit).toBe(true);
    expect(quit.entries).toEqual([{ endpoint: USERS_REF, kind: 'cpu' }]);
  });

  test('a final line break saves a note; line breaks inside a paste become spaces and never run as commands', () => {
    const saved = press(start(), 'nbcrypt dominates\r\n');
    expect(saved.mode).toBe('normal');
    expect(saved.entries).toEqual([{ endpoint: USERS_REF, note: 'bcrypt dominates' }]);
    const pasted = press(start(), 'n', 'first line\nq then w\nlast');
    expect(pasted.mode).toBe('note');
    expect(pasted.note).toEqual({ draft: 'first line q then w last', targets: [USERS] });
    expect(pasted.exit).toBe(false);
    expect(pasted.writing).toBe(false);
  });

  test('control characters in a chunk erase or are dropped', () => {
    const state = start();
    expect(press(state, '/kind:cpux\u007f\r')).toEqual({ ...state, filter: 'kind:cpu' });
    expect(press(state, 'j\u0001j')).toEqual({ ...state, cursor: 2 });
  });
});

describe('writing and quitting', () => {
  test('w with nothing changed says so; with changes it asks the app to write', () => {
    const state = start();
    expect(press(state, 'w')).toEqual({ ...state, message: { text: 'no changes to write', tone: 'info' } });
    const changed = press(state, 'c');
    const writing = press(changed, 'w');
    expect(writing).toEqual({ ...changed, writing: true, message: { text: 'writing…', tone: 'info' } });
    expect(press(writing, 'w')).toEqual({ ...writing });
  });

  test('a finished write records what the file holds; a failed one says why', () => {
    const writing = press(start(), 'c', 'w');
    const written = reduce(writing, { type: 'write-succeeded', entries: writing.entries, path: 'gonogo.review.json' });
    expect(written).toEqual({ ...writing, writing: false, savedEntries: writing.entries, message: { text: 'wrote 1 decision to gonogo.review.json', tone: 'success' } });
    expect(countUnwrittenChanges(written)).toBe(0);
    const failed = reduce(writing, { type: 'write-failed', message: 'cannot write gonogo.review.json: EACCES' });
    expect(failed).toEqual({ ...writing, writing: false, message: { text: 'cannot write gonogo.review.json: EACCES', tone: 'error' } });
  });

  test('q quits at once when everything is written', () => {
    const state = start();
    expect(press(state, 'q')).toEqual({ ...state, exit: true });
  });

  test('q with unwritten changes asks: n and esc stay, y quits, w writes and then quits', () => {
    const changed = press(start(), 'c');
    const asking = press(changed, 'q');
    expect(asking).toEqual({ ...changed, mode: 'confirm-quit', message: null });
    expect(press(asking, 'n')).toEqual({ ...asking, mode: 'normal' });
    expect(press(asking, key('escape'))).toEqual({ ...asking, mode: 'normal' });
    expect(press(asking, 'j')).toEqual(asking);
    expect(press(asking, 'y')).toEqual({ ...asking, mode: 'normal', exit: true });
    const writing = press(asking, 'w');
    expect(writing).toEqual({ ...asking, mode: 'normal', writing: true, quitAfterWrite: true, message: { text: 'writing…', tone: 'info' } });
    const done = reduce(writing, { type: 'write-succeeded', entries: writing.entries, path: 'gonogo.review.json' });
    expect(done.exit).toBe(true);
    const failed = reduce(writing, { type: 'write-failed', message: 'disk full' });
    expect(failed).toEqual({ ...writing, writing: false, quitAfterWrite: false, message: { text: 'disk full', tone: 'error' } });
  });

  test('ctrl+c quits when clean, asks when not, and quits when asked again', () => {
    const state = start();
    expect(reduce(state, { type: 'interrupt' })).toEqual({ ...state, exit: true });
    const changed = press(state, 'c');
    const asking = reduce(changed, { type: 'interrupt' });
    expect(asking).toEqual({ ...changed, mode: 'confirm-quit', message: null });
    expect(reduce(asking, { type: 'interrupt' })).toEqual({ ...asking, exit: true });
  });

  test('relabelling back to what the file holds leaves nothing unwritten', () => {
    const state = start([{ endpoint: USERS_REF, kind: 'cpu', recommendation: 'go' }]);
    const back = press(state, 'x', 'r', 'r', 'r', 'r', 'c');
    expect(back.entries).toEqual(state.savedEntries);
    expect(countUnwrittenChanges(back)).toBe(0);
  });
});
