import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Progress } from '../../src/pipeline/types.js';
import type { ReviewEntry } from '../../src/review/review-file.js';
import { ReviewApp, ReviewScreen } from '../../src/tui/components/review-app.js';
import { ReviewRoot } from '../../src/tui/components/review-root.js';
import { createInitialState } from '../../src/tui/reducer.js';
import { selectTheme } from '../../src/tui/theme.js';
import { makeAnalysis, readSampleSource } from './sample-analysis.js';

const ENTER = '\r';
const ESC = '\u001b';
const DOWN = '\u001b[B';

afterEach(() => {
  cleanup();
});

const tick = (ms = 15): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until ink has stopped drawing (no new frame for 50 ms): effects answered, state settled. */
async function settle(frames: readonly string[]): Promise<void> {
  const deadline = Date.now() + 5000;
  let count = -1;
  while (Date.now() < deadline) {
    if (frames.length === count) return;
    count = frames.length;
    await tick(50);
  }
}

function mount(entries: ReviewEntry[] = []) {
  const saved: ReviewEntry[][] = [];
  const exits: unknown[] = [];
  const app = render(
    <ReviewApp
      analysis={makeAnalysis()}
      entries={entries}
      readSource={readSampleSource}
      saveEntries={async (written) => {
        saved.push(written);
        return 'gonogo.review.json';
      }}
      color={false}
      onExit={(summary) => exits.push(summary)}
    />,
  );
  const type = async (...inputs: string[]): Promise<void> => {
    for (const input of inputs) {
      app.stdin.write(input);
      await settle(app.frames);
    }
  };
  const lines = (): string[] => (app.lastFrame() ?? '').split('\n').map((line) => line.trimEnd());
  return { app, type, lines, saved, exits };
}

const HEADER = [
  'gonogo review  review-shop  2,345 lines to port · 5 endpoints',
  'P50 0.65 engineer-months (P10 0.52–P90 0.98) · risk medium 42/100 · verdict rewrite-parts',
];
const TITLES = '  METHOD PATH                                              KIND     CONF REC            LINES MONTHS';
const ROWS = [
  '> POST   /api/users                                        mixed    0.85 go             1,200   0.25',
  '  GET    /api/v1/organisa…Id/members/:memberId/permissions cpu      0.60 go               220   0.40',
  '  GET    /api/health                                       io       1.00 not-worth-it       3   0.01',
  '  GET    /api/products                                     io       0.90 not-worth-it      40   0.10',
  '  GET    /api/products/:id                                 io       0.90 not-worth-it      30   0.08',
];
const LIST_FOOTER = '? help  q quit  enter open  / filter  s sort  i/c/m kind  r rec  n note  space mark  z undo  w write';

describe('the list', () => {
  test('shows the header, the columns and one row per endpoint, filling the terminal', () => {
    const { lines } = mount();
    expect(lines()).toEqual([
      ...HEADER,
      'filter: none (/ to filter) · sort: plan order · 5 of 5 shown',
      TITLES,
      ...ROWS,
      ...Array.from({ length: 12 }, () => ''),
      '',
      LIST_FOOTER,
    ]);
    expect(lines()).toHaveLength(23);
  });

  test('moves the cursor, marks rows and filters as you type', async () => {
    const { lines, type } = mount();
    await type('j', DOWN, ' ');
    expect(lines()[5]).toBe('  GET    /api/v1/organisa…Id/members/:memberId/permissions cpu      0.60 go               220   0.40');
    expect(lines()[6]).toBe(' +GET    /api/health                                       io       1.00 not-worth-it       3   0.01');
    expect(lines()[7]).toBe('> GET    /api/products                                     io       0.90 not-worth-it      40   0.10');
    await type('/', 'rec:not');
    expect(lines().slice(2, 8)).toEqual([
      'filter: rec:not  · sort: plan order · 3 of 5 shown · 1 marked',
      TITLES,
      ' +GET    /api/health                                       io       1.00 not-worth-it       3   0.01',
      '> GET    /api/products                                     io       0.90 not-worth-it      40   0.10',
      '  GET    /api/products/:id                                 io       0.90 not-worth-it      30   0.08',
      '',
    ]);
    await type(ENTER, 's');
    expect(lines()[2]).toBe('filter: rec:not · sort: cost · 3 of 5 shown · 1 marked');
  });

  test('relabelling marks the changed value with * and recomputes the estimate in the header', async () => {
    const { lines, type } = mount();
    await type('r');
    expect(lines()[0]).toBe('gonogo review  review-shop  2,345 lines to port · 5 endpoints · 1 reviewed · 1 unwritten change');
    expect(lines()[1]).toBe('P50 0.40 engineer-months (P10 0.32–P90 0.60) was 0.65 · risk medium 42/100 · verdict rewrite-parts');
    expect(lines()[4]).toBe('> POST   /api/users                                        mixed    0.85 keep-node*     1,200   0.25');
    await type('c');
    expect(lines()[4]).toBe('> POST   /api/users                                        cpu*     0.85 keep-node*     1,200   0.25');
    expect(lines()[21]).toBe('set kind cpu on POST /api/users');
  });

  test('fits a narrow terminal by dropping columns and shortening paths', () => {
    const analysis = makeAnalysis();
    const state = createInitialState({ baseline: analysis.result, entries: [], viewport: { rows: 12, columns: 60 } }, { recompute: analysis.withDecisions });
    const app = render(<ReviewScreen state={state} theme={selectTheme(false)} detailLines={[]} />);
    expect((app.lastFrame() ?? '').split('\n').map((line) => line.trimEnd())).toEqual([
      'gonogo review  review-shop  2,345 lines to port · 5 endpoin…',
      'P50 0.65 engineer-months (P10 0.52–P90 0.98) · risk medium …',
      'filter: none (/ to filter) · sort: plan order · 5 of 5 shown',
      '  METHOD PATH                  KIND     REC           MONTHS',
      '> POST   /api/users            mixed    go              0.25',
      '  GET    /api/v…Id/permissions cpu      go              0.40',
      '  GET    /api/health           io       not-worth-it    0.01',
      '  GET    /api/products         io       not-worth-it    0.10',
      '  GET    /api/products/:id     io       not-worth-it    0.08',
      '',
      '? help  q quit  enter open  / filter  s sort  i/c/m kind  r…',
    ]);
  });
});

describe('the detail view', () => {
  test('shows the decision, the estimate and each evidence chain with the source around every step', async () => {
    const { lines, type } = mount([{ endpoint: { method: 'POST', path: '/api/users', file: 'src/routes/users.js' }, kind: 'cpu', note: 'hashing dominates' }]);
    await type(ENTER);
    expect(lines()).toEqual([
      'gonogo review  review-shop  2,345 lines to port · 5 endpoints · 1 reviewed',
      HEADER[1],
      'evidence · lines 1-18 of 41',
      'POST /api/users',
      'registered express · src/routes/users.js:5',
      'mounted    /api at src/app.js:12',
      'handler    createUser · src/routes/users.js:5-11',
      'kind       cpu (reviewer; the analysis said mixed) · confidence 0.85',
      'why        reaches bcrypt.hash (cpu) and pg.query (io)',
      'recommend  go · because mixed',
      'estimate   0.25 engineer-months (0.13–0.50) · 1,200 owned lines · 1,210 reached',
      'note       hashing dominates',
      '',
      'evidence  2 sinks reached, strongest first',
      '',
      '1. cpu npm:bcrypt.hash · bcrypt · weight 3',
      '   bcrypt hashing is CPU-bound by design',
      '   createUser  src/routes/users.js:6',
      '       5 │ router.post(\'/users\', async function createUser(req, res) {',
      '     > 6 │   const user = await registerUser(req.body);',
      '       7 │   res.status(201).json(user);',
      '',
      '? help  q back  j/k scroll  i/c/m kind  r rec  n note  x clear  z undo  w write',
    ]);
    await type('G');
    expect(lines().slice(2, 21)).toEqual([
      'evidence · lines 24-41 of 41',
      '        8 │   if (!email) throw new Error("email required");',
      '     >  9 │   const hash = await bcrypt.hash(password, ROUNDS);',
      "       10 │   const { rows } = await db.query('INSERT INTO users (email, hash) VALUES ($1, $2) RETU…",
      '',
      '2. io npm:pg.query · pg · weight 1',
      '   a database query waits on the network',
      '   createUser  src/routes/users.js:6',
      "       5 │ router.post('/users', async function createUser(req, res) {",
      '     > 6 │   const user = await registerUser(req.body);',
      '       7 │   res.status(201).json(user);',
      '   → registerUser  src/services/users.js:7',
      '       6 │ /** Creates an account; the password is stored hashed. */',
      '     > 7 │ async function registerUser({ email, password }) {',
      '       8 │   if (!email) throw new Error("email required");',
      '   → db.query  src/services/users.js:10',
      '        9 │   const hash = await bcrypt.hash(password, ROUNDS);',
      "     > 10 │   const { rows } = await db.query('INSERT INTO users (email, hash) VALUES ($1, $2) RETU…",
      '       11 │   return { id: rows[0].id, email };',
    ]);
  });

  test('says when no sink was reached and when the source cannot be read', async () => {
    const { lines, type } = mount();
    await type('G', ENTER);
    expect(lines().slice(3, 13)).toEqual([
      'GET /api/products/:id',
      'registered express · src/routes/products.js:12',
      'mounted    /api at src/app.js:12',
      'handler    getProduct · src/routes/products.js:12-18',
      'kind       io · confidence 0.90',
      'why        io by its sinks',
      'recommend  not-worth-it · because io',
      'estimate   0.08 engineer-months (0.04–0.16) · 30 owned lines · 40 reached',
      '',
      'evidence  no I/O or CPU sink was reached from the handler',
    ]);
    await type('q');
    expect(lines()[8]).toBe('> GET    /api/products/:id                                 io       0.90 not-worth-it      30   0.08');
  });

  test('relabelling from the detail view updates it and the header', async () => {
    const { lines, type } = mount();
    await type(ENTER, 'i');
    expect(lines()[0]).toBe('gonogo review  review-shop  2,345 lines to port · 5 endpoints · 1 reviewed · 1 unwritten change');
    expect(lines()[7]).toBe('kind       io (reviewer; the analysis said mixed) · confidence 0.85');
    expect(lines()[21]).toBe('set kind io on POST /api/users');
  });
});

describe('help, notes, writing and quitting', () => {
  test('? shows every key', async () => {
    const { lines, type } = mount();
    await type('?');
    expect(lines()).toEqual([
      'gonogo review · keys',
      'Move',
      '  j / down, k / up   next / previous endpoint (scroll in the detail view)',
      '  g / home, G / end  first / last',
      '  pgdn, pgup         a page down / up',
      '  enter              open the evidence of the endpoint',
      '  q                  back; quit from the list (asks when changes are unwritten)',
      '  esc                leave any mode; clear marks, then the filter',
      'Find',
      '  /                  filter: kind:cpu rec:go fw:express tag:ml method:post path:/users',
      '                       file:auth is:marked|reviewed|noted, free text; a,b either; -x excludes',
      '  s                  sort: plan order, cost, path',
      'Decide',
      '  i / c / m          set the kind to io / cpu / mixed',
      '  r                  cycle the recommendation: go, keep-node, keep-python, not-worth-it',
      '  n                  write a note (enter saves, an empty note removes it)',
      "  x                  clear the reviewer's kind and recommendation",
      '  space              mark an endpoint; the next decision applies to all marked',
      '  z                  undo the last decision',
      '  w                  write the decisions to gonogo.review.json',
      '',
      '',
      'j/k scroll  q, esc or ? back',
    ]);
    await type(ESC);
    expect(lines()[4]).toBe(ROWS[0]);
  });

  test('n prompts for a note on the message line', async () => {
    const { lines, type } = mount();
    await type('n', 'bcrypt at cost 12');
    expect(lines()[21]).toBe('note for POST /api/users src/routes/users.js: bcrypt at cost 12   enter saves · esc cancels');
    await type(ENTER);
    expect(lines()[21]).toBe('noted POST /api/users');
  });

  test('w hands the decisions to the writer and reports the file', async () => {
    const { lines, type, saved } = mount();
    await type('c', 'w');
    expect(saved).toEqual([[{ endpoint: { method: 'POST', path: '/api/users', file: 'src/routes/users.js' }, kind: 'cpu' }]]);
    expect(lines()[21]).toBe('wrote 1 decision to gonogo.review.json');
    expect(lines()[0]).toBe('gonogo review  review-shop  2,345 lines to port · 5 endpoints · 1 reviewed');
  });

  test('q asks before dropping unwritten changes, and reports what was left unwritten', async () => {
    const { lines, type, exits } = mount();
    await type('m', 'q');
    expect(lines()[21]).toBe('1 unwritten change. Quit without writing? y quit · n stay · w write and quit');
    await type('y');
    expect(exits).toEqual([{ writtenTo: null, discarded: 1 }]);
  });
});

test('w at the quit prompt writes, then quits', async () => {
  const { type, saved, exits } = mount();
  await type('i', 'q', 'w');
  expect(saved).toEqual([[{ endpoint: { method: 'POST', path: '/api/users', file: 'src/routes/users.js' }, kind: 'io' }]]);
  expect(exits).toEqual([{ writtenTo: 'gonogo.review.json', discarded: 0 }]);
});

describe('the analysis progress', () => {
  test('shows each phase with a bar, then the list once the analysis is ready', async () => {
    const analysis = makeAnalysis();
    let report: (progress: Progress) => void = () => undefined;
    let finish: () => void = () => undefined;
    const app = render(
      <ReviewRoot
        analyze={(onProgress) => {
          report = onProgress;
          return new Promise((resolve) => {
            finish = () => resolve(analysis);
          });
        }}
        repository="review-shop"
        entries={[]}
        readSource={readSampleSource}
        saveEntries={async () => 'gonogo.review.json'}
        color={false}
      />,
    );
    await settle(app.frames);
    report({ phase: 'discovery', done: 12, total: 12 });
    report({ phase: 'parsing', done: 3, total: 12 });
    await settle(app.frames);
    expect((app.lastFrame() ?? '').split('\n').map((line) => line.trimEnd())).toEqual([
      'gonogo review  analysing review-shop…',
      '',
      '  discovery      ████████████████████████ 12/12',
      '  parsing        ██████░░░░░░░░░░░░░░░░░░ 3/12',
      '',
      '  ctrl+c or q cancels',
    ]);
    finish();
    await settle(app.frames);
    expect((app.lastFrame() ?? '').split('\n')[4]?.trimEnd()).toBe(ROWS[0]);
  });
});
