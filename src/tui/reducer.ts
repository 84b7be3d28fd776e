/**
 * The review UI's whole behaviour as one plain function over a state: every key in every
 * mode is an action, and nothing here touches a terminal, a file or React. Side effects
 * are requests in the state (`writing`, `exit`) that the component carries out and
 * answers with an action (`write-succeeded`, `write-failed`).
 */
import type { AnalysisResult, Endpoint } from '../result/types.js';
import type { ReviewDecision } from '../pipeline/types.js';
import type { Target } from '../estimation/types.js';
import { matchDecisions, type StaleDecision } from '../review/match-decisions.js';
import {
  REVIEW_TARGETS,
  canonicalEntry,
  compareEntries,
  formatEndpointKey,
  isEffectiveEntry,
  refOfEndpoint,
  toReviewDecision,
  type ReviewEntry,
  type ReviewKind,
} from '../review/review-file.js';
import { matchesFilter, parseFilter } from './filter.js';
import { HELP_LINE_COUNT } from './help.js';
import { DEFAULT_VIEWPORT, detailHeight, helpHeight, listHeight, type Viewport } from './layout.js';
import { nextSortOrder, sortEndpoints, type SortOrder } from './sort.js';

export type Screen = 'list' | 'detail' | 'help';
export type Mode = 'normal' | 'filter' | 'note' | 'confirm-quit';
export type KeyName = 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'enter' | 'escape' | 'backspace' | 'tab';
export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface UndoStep {
  entries: ReviewEntry[];
  label: string;
}

export interface ReviewState {
  /** The analysis as the machine saw it, before any decision. */
  baseline: AnalysisResult;
  /** The analysis with the decisions that match an endpoint applied (estimate recomputed). */
  result: AnalysisResult;
  /** Every decision, sorted; stale ones too, so writing never drops them. */
  entries: ReviewEntry[];
  /** What the file on disk holds, to tell whether there are unwritten changes. */
  savedEntries: ReviewEntry[];
  stale: StaleDecision[];
  screen: Screen;
  /** Where `q` in the help view returns to. */
  helpReturn: 'list' | 'detail';
  mode: Mode;
  /** Index of the selected row among the visible (filtered, sorted) endpoints. */
  cursor: number;
  /** Index of the first visible row. */
  top: number;
  filter: string;
  /** The filter before `/`, restored by `esc`. */
  filterBefore: string;
  sort: SortOrder;
  /** Marked endpoint keys, sorted. */
  marked: string[];
  note: { draft: string; targets: string[] } | null;
  detail: { key: string; scroll: number; lineCount: number } | null;
  helpScroll: number;
  viewport: Viewport;
  undo: UndoStep[];
  message: { text: string; tone: Tone } | null;
  /** A write the component must perform, then answer with write-succeeded or write-failed. */
  writing: boolean;
  quitAfterWrite: boolean;
  /** The component unmounts when this is set. */
  exit: boolean;
}

export type ReviewAction =
  | { type: 'text'; text: string }
  | { type: 'key'; name: KeyName }
  | { type: 'interrupt' }
  | { type: 'resize'; viewport: Viewport }
  | { type: 'detail-size'; lineCount: number }
  | { type: 'write-succeeded'; entries: ReviewEntry[]; path: string }
  | { type: 'write-failed'; message: string };

export interface ReviewDeps {
  /** The result with these decisions applied: `Analysis.withDecisions`. */
  recompute(decisions: readonly ReviewDecision[]): AnalysisResult;
}

const UNDO_LIMIT = 200;
const NOTE_LIMIT = 500;

export function createInitialState(
  input: { baseline: AnalysisResult; entries: readonly ReviewEntry[]; viewport?: Viewport },
  deps: ReviewDeps,
): ReviewState {
  const entries = normaliseEntries(input.entries);
  const { result, stale } = applyEntries(input.baseline, entries, deps);
  return {
    baseline: input.baseline,
    result,
    entries,
    savedEntries: entries,
    stale,
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
    viewport: input.viewport ?? DEFAULT_VIEWPORT,
    undo: [],
    message: null,
    writing: false,
    quitAfterWrite: false,
    exit: false,
  };
}

export function createReviewReducer(deps: ReviewDeps): (state: ReviewState, action: ReviewAction) => ReviewState {
  return (state, action) => reduceReview(state, action, deps);
}

export function reduceReview(state: ReviewState, action: ReviewAction, deps: ReviewDeps): ReviewState {
  switch (action.type) {
    case 'resize': {
      const detail = state.detail ? clampDetail(state.detail, action.viewport) : null;
      return settle({ ...state, viewport: action.viewport, detail }, selectedKey(state));
    }
    case 'detail-size':
      return state.detail ? { ...state, detail: clampDetail({ ...state.detail, lineCount: action.lineCount }, state.viewport) } : state;
    case 'write-succeeded': {
      const next: ReviewState = {
        ...state,
        savedEntries: action.entries,
        writing: false,
        message: { text: `wrote ${countLabel(action.entries.length, 'decision')} to ${action.path}`, tone: 'success' },
      };
      return state.quitAfterWrite ? { ...next, exit: true } : next;
    }
    case 'write-failed':
      return { ...state, writing: false, quitAfterWrite: false, mode: 'normal', message: { text: action.message, tone: 'error' } };
    case 'interrupt':
      if (state.mode === 'confirm-quit' || countUnwrittenChanges(state) === 0) return { ...state, exit: true };
      return askToQuit(state);
    case 'text':
      return reduceText({ ...state, message: state.writing ? state.message : null }, action.text, deps);
    case 'key':
      return reduceInput({ ...state, message: state.writing ? state.message : null }, action, deps);
  }
}

/**
 * Text arrives in chunks: one key, or several when keys were typed while the process was
 * busy, sent by a script (tmux), or pasted. Commands run one character at a time, and once
 * a character opens the filter or a note the rest is that field's text. Inside a field a
 * chunk's final line break is enter, while line breaks within it (a multi-line paste)
 * become spaces, so pasted text can never run as commands.
 */
function reduceText(state: ReviewState, text: string, deps: ReviewDeps): ReviewState {
  const chunk = text.replace(/\r\n/g, '\r');
  if (state.mode === 'filter' || state.mode === 'note') {
    const trailing = /[\r\n]+$/.exec(chunk)?.[0] ?? '';
    const body = chunk.slice(0, chunk.length - trailing.length);
    let typed = state;
    for (const part of body.split(/([\u007f\b])/)) {
      if (part === '\u007f' || part === '\b') typed = reduceInput(typed, { type: 'key', name: 'backspace' }, deps);
      else if (part !== '') typed = reduceInput(typed, { type: 'text', text: part.replace(/[\r\n]/g, ' ') }, deps);
    }
    if (trailing === '') return typed;
    return reduceText(reduceInput(typed, { type: 'key', name: 'enter' }, deps), trailing.slice(1), deps);
  }
  const chars = Array.from(chunk);
  let next = state;
  for (let index = 0; index < chars.length && !next.exit; index += 1) {
    if (next.mode === 'filter' || next.mode === 'note') return reduceText(next, chars.slice(index).join(''), deps);
    const char = chars[index] as string;
    if (char === '\r' || char === '\n') next = reduceInput(next, { type: 'key', name: 'enter' }, deps);
    else if (char === '\u007f' || char === '\b') next = reduceInput(next, { type: 'key', name: 'backspace' }, deps);
    else if (!/[\u0000-\u001f]/.test(char)) next = reduceInput(next, { type: 'text', text: char }, deps);
  }
  return next;
}

function reduceInput(state: ReviewState, action: { type: 'text'; text: string } | { type: 'key'; name: KeyName }, deps: ReviewDeps): ReviewState {
  switch (state.mode) {
    case 'filter':
      return reduceFilterMode(state, action);
    case 'note':
      return reduceNoteMode(state, action, deps);
    case 'confirm-quit':
      return reduceConfirmQuit(state, action);
    case 'normal':
      if (state.screen === 'help') return reduceHelp(state, action);
      if (state.screen === 'detail') return reduceDetail(state, action, deps);
      return reduceList(state, action, deps);
  }
}

function reduceList(state: ReviewState, action: { type: 'text'; text: string } | { type: 'key'; name: KeyName }, deps: ReviewDeps): ReviewState {
  const command = action.type === 'key' ? action.name : action.text;
  const rows = selectVisibleEndpoints(state);
  switch (command) {
    case 'j':
    case 'down':
      return moveCursor(state, state.cursor + 1);
    case 'k':
    case 'up':
      return moveCursor(state, state.cursor - 1);
    case 'g':
    case 'home':
      return moveCursor(state, 0);
    case 'G':
    case 'end':
      return moveCursor(state, rows.length - 1);
    case 'pagedown':
      return moveCursor(state, state.cursor + listHeight(state.viewport));
    case 'pageup':
      return moveCursor(state, state.cursor - listHeight(state.viewport));
    case 'enter': {
      const endpoint = rows[state.cursor];
      if (!endpoint) return { ...state, message: { text: 'no endpoint to open', tone: 'warning' } };
      return { ...state, screen: 'detail', detail: { key: endpoint.key, scroll: 0, lineCount: 0 } };
    }
    case '/':
      return { ...state, mode: 'filter', filterBefore: state.filter };
    case 's': {
      const sort = nextSortOrder(state.sort);
      return settle({ ...state, sort }, selectedKey(state));
    }
    case ' ':
      return toggleMark(state);
    case 'escape':
      if (state.marked.length > 0) return settle({ ...state, marked: [] }, selectedKey(state));
      if (state.filter !== '') return settle({ ...state, filter: '', filterBefore: '' }, selectedKey(state));
      return state;
    case 'q':
      return countUnwrittenChanges(state) > 0 ? askToQuit(state) : { ...state, exit: true };
    default:
      return reduceDecisionKey(state, command, deps);
  }
}

function reduceDetail(state: ReviewState, action: { type: 'text'; text: string } | { type: 'key'; name: KeyName }, deps: ReviewDeps): ReviewState {
  const detail = state.detail;
  if (!detail) return { ...state, screen: 'list' };
  const command = action.type === 'key' ? action.name : action.text;
  const page = detailHeight(state.viewport);
  const scrollTo = (scroll: number): ReviewState => ({ ...state, detail: clampDetail({ ...detail, scroll }, state.viewport) });
  switch (command) {
    case 'j':
    case 'down':
      return scrollTo(detail.scroll + 1);
    case 'k':
    case 'up':
      return scrollTo(detail.scroll - 1);
    case 'g':
    case 'home':
      return scrollTo(0);
    case 'G':
    case 'end':
      return scrollTo(Number.MAX_SAFE_INTEGER);
    case ' ':
    case 'pagedown':
      return scrollTo(detail.scroll + page);
    case 'pageup':
      return scrollTo(detail.scroll - page);
    case 'q':
    case 'escape':
      return settle({ ...state, screen: 'list', detail: null }, detail.key);
    default:
      return reduceDecisionKey(state, command, deps);
  }
}

function reduceHelp(state: ReviewState, action: { type: 'text'; text: string } | { type: 'key'; name: KeyName }): ReviewState {
  const command = action.type === 'key' ? action.name : action.text;
  const maxScroll = Math.max(0, HELP_LINE_COUNT - helpHeight(state.viewport));
  const scrollTo = (scroll: number): ReviewState => ({ ...state, helpScroll: Math.min(maxScroll, Math.max(0, scroll)) });
  switch (command) {
    case 'j':
    case 'down':
      return scrollTo(state.helpScroll + 1);
    case 'k':
    case 'up':
      return scrollTo(state.helpScroll - 1);
    case 'g':
    case 'home':
      return scrollTo(0);
    case 'G':
    case 'end':
      return scrollTo(maxScroll);
    case 'q':
    case 'escape':
    case '?':
      return { ...state, screen: state.helpReturn, helpScroll: 0 };
    default:
      return state;
  }
}

/** Keys that work the same in the list and the detail view. */
function reduceDecisionKey(state: ReviewState, command: string, deps: ReviewDeps): ReviewState {
  switch (command) {
    case 'i':
      return setKind(state, 'io', deps);
    case 'c':
      return setKind(state, 'cpu', deps);
    case 'm':
      return setKind(state, 'mixed', deps);
    case 'r':
      return cycleRecommendation(state, deps);
    case 'x':
      return clearLabels(state, deps);
    case 'n':
      return startNote(state);
    case 'z':
      return undo(state, deps);
    case 'w':
      return requestWrite(state, false);
    case '?':
      return { ...state, screen: 'help', helpReturn: state.screen === 'detail' ? 'detail' : 'list', helpScroll: 0 };
    default:
      return state;
  }
}

function reduceFilterMode(state: ReviewState, action: { type: 'text'; text: string } | { type: 'key'; name: KeyName }): ReviewState {
  const key = selectedKey(state);
  if (action.type === 'text') return settle({ ...state, filter: state.filter + singleLine(action.text) }, key);
  switch (action.name) {
    case 'backspace':
      return settle({ ...state, filter: Array.from(state.filter).slice(0, -1).join('') }, key);
    case 'enter':
      return settle({ ...state, mode: 'normal', filter: state.filter.trim(), filterBefore: '' }, key);
    case 'escape':
      return settle({ ...state, mode: 'normal', filter: state.filterBefore, filterBefore: '' }, key);
    case 'down':
      return moveCursor(state, state.cursor + 1);
    case 'up':
      return moveCursor(state, state.cursor - 1);
    default:
      return state;
  }
}

function reduceNoteMode(state: ReviewState, action: { type: 'text'; text: string } | { type: 'key'; name: KeyName }, deps: ReviewDeps): ReviewState {
  const note = state.note;
  if (!note) return { ...state, mode: 'normal' };
  if (action.type === 'text') {
    const draft = Array.from(note.draft + singleLine(action.text)).slice(0, NOTE_LIMIT).join('');
    return { ...state, note: { ...note, draft } };
  }
  switch (action.name) {
    case 'backspace':
      return { ...state, note: { ...note, draft: Array.from(note.draft).slice(0, -1).join('') } };
    case 'escape':
      return { ...state, mode: 'normal', note: null };
    case 'enter': {
      const text = note.draft.trim();
      const closed: ReviewState = { ...state, mode: 'normal', note: null };
      return decide(
        closed,
        note.targets,
        (entry) => (text === '' ? withoutField(entry, 'note') : { ...entry, note: text }),
        text === '' ? 'removed the note on' : 'noted',
        deps,
      );
    }
    default:
      return state;
  }
}

function reduceConfirmQuit(state: ReviewState, action: { type: 'text'; text: string } | { type: 'key'; name: KeyName }): ReviewState {
  const command = action.type === 'key' ? action.name : action.text;
  switch (command) {
    case 'y':
      return { ...state, mode: 'normal', exit: true };
    case 'w':
      return requestWrite({ ...state, mode: 'normal' }, true);
    case 'n':
    case 'escape':
      return { ...state, mode: 'normal' };
    default:
      return state;
  }
}

function askToQuit(state: ReviewState): ReviewState {
  return { ...state, mode: 'confirm-quit', note: null, message: null };
}

function requestWrite(state: ReviewState, quitAfterWrite: boolean): ReviewState {
  if (state.writing) return state;
  if (countUnwrittenChanges(state) === 0) {
    return quitAfterWrite ? { ...state, exit: true } : { ...state, message: { text: 'no changes to write', tone: 'info' } };
  }
  return { ...state, writing: true, quitAfterWrite, message: { text: 'writing…', tone: 'info' } };
}

function toggleMark(state: ReviewState): ReviewState {
  const endpoint = selectVisibleEndpoints(state)[state.cursor];
  if (!endpoint) return state;
  const marked = state.marked.includes(endpoint.key)
    ? state.marked.filter((key) => key !== endpoint.key)
    : [...state.marked, endpoint.key].sort(compareKeys);
  return moveCursor({ ...state, marked }, state.cursor + 1);
}

/** The endpoints a decision applies to: the open one, else the marked ones, else the selected one. */
export function selectTargets(state: ReviewState): string[] {
  if (state.screen === 'detail' && state.detail) return [state.detail.key];
  if (state.marked.length > 0) return state.marked;
  const endpoint = selectVisibleEndpoints(state)[state.cursor];
  return endpoint ? [endpoint.key] : [];
}

function setKind(state: ReviewState, kind: ReviewKind, deps: ReviewDeps): ReviewState {
  return decide(state, selectTargets(state), (entry) => ({ ...entry, kind }), `set kind ${kind} on`, deps);
}

function cycleRecommendation(state: ReviewState, deps: ReviewDeps): ReviewState {
  const targets = selectTargets(state);
  const first = targets[0];
  if (first === undefined) return { ...state, message: { text: 'no endpoint selected', tone: 'warning' } };
  const current = findEntry(state.entries, first)?.recommendation ?? findEndpoint(state.result, first)?.recommendation?.target ?? null;
  const index = current === null ? -1 : REVIEW_TARGETS.indexOf(current);
  const next = REVIEW_TARGETS[(index + 1) % REVIEW_TARGETS.length] as Target;
  return decide(state, targets, (entry) => ({ ...entry, recommendation: next }), `recommended ${next} for`, deps);
}

function clearLabels(state: ReviewState, deps: ReviewDeps): ReviewState {
  return decide(state, selectTargets(state), (entry) => withoutField(withoutField(entry, 'kind'), 'recommendation'), 'cleared the labels of', deps);
}

function startNote(state: ReviewState): ReviewState {
  const targets = selectTargets(state);
  const first = targets[0];
  if (first === undefined) return { ...state, message: { text: 'no endpoint selected', tone: 'warning' } };
  const draft = targets.length === 1 ? (findEntry(state.entries, first)?.note ?? '') : '';
  return { ...state, mode: 'note', note: { draft, targets } };
}

/**
 * Applies one change to the decisions of every target, records it for undo, recomputes the
 * estimate and consumes the marks. A change that alters nothing leaves no undo step.
 */
function decide(
  state: ReviewState,
  targets: readonly string[],
  change: (entry: ReviewEntry) => ReviewEntry,
  verb: string,
  deps: ReviewDeps,
): ReviewState {
  if (targets.length === 0) return { ...state, message: { text: 'no endpoint selected', tone: 'warning' } };
  let entries = state.entries;
  for (const key of targets) {
    const endpoint = findEndpoint(state.result, key);
    const existing = findEntry(entries, key);
    const base: ReviewEntry | undefined = existing ?? (endpoint ? { endpoint: refOfEndpoint(endpoint) } : undefined);
    if (!base) continue;
    entries = replaceEntry(entries, key, change(base));
  }
  const label = `${verb} ${describeTargets(state, targets)}`;
  const cleared: ReviewState = { ...state, marked: [] };
  if (sameEntries(entries, state.entries)) return { ...cleared, message: { text: `unchanged: ${label}`, tone: 'info' } };
  const undoStack = [...state.undo, { entries: state.entries, label }].slice(-UNDO_LIMIT);
  return withEntries({ ...cleared, undo: undoStack, message: { text: label, tone: 'success' } }, entries, deps);
}

function undo(state: ReviewState, deps: ReviewDeps): ReviewState {
  const step = state.undo[state.undo.length - 1];
  if (!step) return { ...state, message: { text: 'nothing to undo', tone: 'info' } };
  return withEntries({ ...state, undo: state.undo.slice(0, -1), message: { text: `undid: ${step.label}`, tone: 'success' } }, step.entries, deps);
}

function withEntries(state: ReviewState, entries: ReviewEntry[], deps: ReviewDeps): ReviewState {
  const { result, stale } = applyEntries(state.baseline, entries, deps);
  return settle({ ...state, entries, result, stale }, selectedKey(state));
}

function applyEntries(baseline: AnalysisResult, entries: readonly ReviewEntry[], deps: ReviewDeps): { result: AnalysisResult; stale: StaleDecision[] } {
  const { applied, stale } = matchDecisions(baseline.endpoints, entries.map(toReviewDecision));
  return { result: applied.length === 0 ? baseline : deps.recompute(applied), stale };
}

/** Decisions in the file that differ from the ones in memory, counted per endpoint. */
export function countUnwrittenChanges(state: Pick<ReviewState, 'entries' | 'savedEntries'>): number {
  const saved = new Map(state.savedEntries.map((entry) => [formatEndpointKey(entry.endpoint), JSON.stringify(entry)]));
  const current = new Map(state.entries.map((entry) => [formatEndpointKey(entry.endpoint), JSON.stringify(entry)]));
  let changes = 0;
  for (const [key, text] of current) if (saved.get(key) !== text) changes += 1;
  for (const key of saved.keys()) if (!current.has(key)) changes += 1;
  return changes;
}

let visibleCache: { result: AnalysisResult; filter: string; sort: SortOrder; marked: string[]; entries: ReviewEntry[]; rows: Endpoint[] } | null = null;

/** The endpoints the list shows, filtered and sorted (memoised on the state's inputs). */
export function selectVisibleEndpoints(state: Pick<ReviewState, 'result' | 'filter' | 'sort' | 'marked' | 'entries'>): Endpoint[] {
  const cache = visibleCache;
  if (cache && cache.result === state.result && cache.filter === state.filter && cache.sort === state.sort && cache.marked === state.marked && cache.entries === state.entries) {
    return cache.rows;
  }
  const terms = parseFilter(state.filter);
  const context = {
    marked: new Set(state.marked),
    reviewed: new Set(state.entries.filter((entry) => entry.kind !== undefined || entry.recommendation !== undefined).map((entry) => formatEndpointKey(entry.endpoint))),
    noted: new Set(state.entries.filter((entry) => entry.note !== undefined).map((entry) => formatEndpointKey(entry.endpoint))),
  };
  const filtered = terms.length === 0 ? state.result.endpoints : state.result.endpoints.filter((endpoint) => matchesFilter(endpoint, terms, context));
  const rows = sortEndpoints(filtered, state.sort, state.result);
  visibleCache = { result: state.result, filter: state.filter, sort: state.sort, marked: state.marked, entries: state.entries, rows };
  return rows;
}

export function selectedKey(state: ReviewState): string | undefined {
  return selectVisibleEndpoints(state)[state.cursor]?.key;
}

export function findEntry(entries: readonly ReviewEntry[], key: string): ReviewEntry | undefined {
  return entries.find((entry) => formatEndpointKey(entry.endpoint) === key);
}

export function findEndpoint(result: AnalysisResult, key: string): Endpoint | undefined {
  return result.endpoints.find((endpoint) => endpoint.key === key);
}

function moveCursor(state: ReviewState, cursor: number): ReviewState {
  const count = selectVisibleEndpoints(state).length;
  const clamped = Math.max(0, Math.min(count - 1, cursor));
  return scrollToCursor({ ...state, cursor: clamped });
}

/** Keeps `key` selected when it is still visible (else the same row index), and the row on screen. */
function settle(state: ReviewState, key: string | undefined): ReviewState {
  const rows = selectVisibleEndpoints(state);
  const index = key === undefined ? -1 : rows.findIndex((endpoint) => endpoint.key === key);
  const cursor = index >= 0 ? index : Math.max(0, Math.min(rows.length - 1, state.cursor));
  return scrollToCursor({ ...state, cursor });
}

function scrollToCursor(state: ReviewState): ReviewState {
  const height = listHeight(state.viewport);
  const count = selectVisibleEndpoints(state).length;
  let top = state.top;
  if (state.cursor < top) top = state.cursor;
  if (state.cursor >= top + height) top = state.cursor - height + 1;
  top = Math.max(0, Math.min(top, count - height));
  return top === state.top ? state : { ...state, top };
}

/**
 * Keeps the detail scroll in range. The line count arrives after the view first renders; a
 * key pressed before that (G right after enter) keeps its target and is clamped on arrival.
 */
function clampDetail(detail: { key: string; scroll: number; lineCount: number }, viewport: Viewport): { key: string; scroll: number; lineCount: number } {
  const maxScroll = detail.lineCount === 0 ? Number.MAX_SAFE_INTEGER : Math.max(0, detail.lineCount - detailHeight(viewport));
  return { ...detail, scroll: Math.max(0, Math.min(maxScroll, detail.scroll)) };
}

function replaceEntry(entries: readonly ReviewEntry[], key: string, entry: ReviewEntry): ReviewEntry[] {
  const others = entries.filter((existing) => formatEndpointKey(existing.endpoint) !== key);
  return normaliseEntries(isEffectiveEntry(entry) ? [...others, entry] : others);
}

function normaliseEntries(entries: readonly ReviewEntry[]): ReviewEntry[] {
  return entries.filter(isEffectiveEntry).map(canonicalEntry).sort(compareEntries);
}

function withoutField(entry: ReviewEntry, field: 'kind' | 'recommendation' | 'note'): ReviewEntry {
  const { [field]: _removed, ...rest } = entry;
  return rest;
}

function sameEntries(a: readonly ReviewEntry[], b: readonly ReviewEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describeTargets(state: ReviewState, targets: readonly string[]): string {
  if (targets.length !== 1) return `${targets.length} endpoints`;
  const key = targets[0] as string;
  const endpoint = findEndpoint(state.result, key);
  return endpoint ? `${endpoint.method} ${endpoint.path}` : key;
}

function countLabel(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Typed or pasted text for a one-line field: line breaks and control characters dropped. */
function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '');
}
