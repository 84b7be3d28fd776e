/**
 * What the header and the endpoint list show, as plain lines of segments: the components
 * only colour and print them, so the exact text is decided (and tested) here.
 */
import type { Endpoint } from '../result/types.js';
import { countUnwrittenChanges, findEntry, selectVisibleEndpoints, type ReviewState } from './reducer.js';
import { segment, type Line } from './segments.js';
import { SORT_TITLES } from './sort.js';
import { kindRole, targetRole } from './theme.js';
import { fitEnd, formatCount, formatMonths, padStart, truncateMiddle } from './text.js';
import { listHeight } from './layout.js';

type HeaderState = Pick<ReviewState, 'result' | 'baseline' | 'entries' | 'stale' | 'savedEntries'>;

export function buildHeaderLines(state: HeaderState): Line[] {
  const { result, baseline } = state;
  const size = result.estimate?.sizeLines.production ?? result.summary.productionCode;
  const reviewed = state.entries.length - state.stale.length;
  const first: Line = [
    segment('gonogo review', 'heading'),
    segment(`  ${result.repository}`, 'accent'),
    segment(`  ${formatCount(size)} lines to port · ${countLabel(result.endpoints.length, 'endpoint')}`),
  ];
  if (reviewed > 0) first.push(segment(` · ${reviewed} reviewed`));
  if (state.stale.length > 0) first.push(segment(` · ${state.stale.length} stale`, 'warning'));
  const unwritten = countUnwrittenChanges(state);
  if (unwritten > 0) first.push(segment(` · ${countLabel(unwritten, 'unwritten change')}`, 'warning'));

  const second: Line = [];
  const estimate = result.estimate;
  if (estimate) {
    const { p10, p50, p90 } = estimate.percentiles;
    second.push(segment(`P50 ${formatMonths(p50)}`, 'heading'), segment(` engineer-months (P10 ${formatMonths(p10)}–P90 ${formatMonths(p90)})`));
    const before = baseline.estimate?.percentiles.p50;
    if (before !== undefined && formatMonths(before) !== formatMonths(p50)) second.push(segment(` was ${formatMonths(before)}`, 'muted'));
  } else {
    second.push(segment('estimate not available', 'muted'));
  }
  if (result.risk) second.push(segment(' · risk '), segment(`${result.risk.level} ${result.risk.score}/100`, result.risk.level === 'high' ? 'error' : result.risk.level === 'medium' ? 'warning' : 'success'));
  if (result.verdict) second.push(segment(' · verdict '), segment(result.verdict.decision, 'heading'));
  return [first, second];
}

/** The line under the header: the filter (with its cursor while typing), the sort, the counts. */
export function buildStatusLine(state: ReviewState): Line {
  const shown = selectVisibleEndpoints(state).length;
  const line: Line = [];
  if (state.mode === 'filter') {
    line.push(segment('filter: ', 'accent'), segment(state.filter), segment(' ', 'selected'));
  } else if (state.filter !== '') {
    line.push(segment('filter: ', 'accent'), segment(state.filter));
  } else {
    line.push(segment('filter: none (/ to filter)', 'muted'));
  }
  line.push(segment(` · sort: ${SORT_TITLES[state.sort]} · ${shown} of ${state.result.endpoints.length} shown`));
  if (state.marked.length > 0) line.push(segment(` · ${state.marked.length} marked`, 'marked'));
  return line;
}

interface Columns {
  method: number;
  path: number;
  confidence: boolean;
  recommendation: boolean;
  lines: boolean;
  months: boolean;
}

const KIND_WIDTH = 8;
const CONFIDENCE_WIDTH = 4;
const RECOMMENDATION_WIDTH = 13;
const LINES_WIDTH = 6;
const MONTHS_WIDTH = 6;
const MIN_PATH_WIDTH = 20;

/** Gives the path what the fixed columns leave, dropping the least needed columns on narrow terminals. */
export function layoutColumns(width: number, methodWidth: number): Columns {
  const columns: Columns = { method: methodWidth, path: 0, confidence: true, recommendation: true, lines: true, months: true };
  const fixed = (): number =>
    2 +
    (columns.method + 1) +
    (KIND_WIDTH + 1) +
    (columns.confidence ? CONFIDENCE_WIDTH + 1 : 0) +
    (columns.recommendation ? RECOMMENDATION_WIDTH + 1 : 0) +
    (columns.lines ? LINES_WIDTH + 1 : 0) +
    (columns.months ? MONTHS_WIDTH + 1 : 0);
  for (const drop of ['confidence', 'lines', 'months', 'recommendation'] as const) {
    if (width - fixed() >= MIN_PATH_WIDTH) break;
    columns[drop] = false;
  }
  columns.path = Math.max(1, width - fixed());
  return columns;
}

function methodWidthOf(endpoints: readonly Endpoint[]): number {
  return Math.max(6, ...endpoints.map((endpoint) => endpoint.method.length));
}

export function buildColumnTitles(state: ReviewState, width: number): Line {
  const columns = layoutColumns(width, methodWidthOf(state.result.endpoints));
  let text = `  ${fitEnd('METHOD', columns.method)} ${fitEnd('PATH', columns.path)} ${fitEnd('KIND', KIND_WIDTH)}`;
  if (columns.confidence) text += ` ${fitEnd('CONF', CONFIDENCE_WIDTH)}`;
  if (columns.recommendation) text += ` ${fitEnd('REC', RECOMMENDATION_WIDTH)}`;
  if (columns.lines) text += ` ${padStart('LINES', LINES_WIDTH)}`;
  if (columns.months) text += ` ${padStart('MONTHS', MONTHS_WIDTH)}`;
  return [segment(text.trimEnd(), 'muted')];
}

export interface ListRow {
  key: string;
  selected: boolean;
  line: Line;
}

/** The rows on screen, from `top`, one line each; `*` marks a value the reviewer set, `+` a marked row. */
export function buildListRows(state: ReviewState, width: number): ListRow[] {
  const endpoints = selectVisibleEndpoints(state);
  const columns = layoutColumns(width, methodWidthOf(state.result.endpoints));
  const marked = new Set(state.marked);
  return endpoints.slice(state.top, state.top + listHeight(state.viewport)).map((endpoint, offset) => {
    const index = state.top + offset;
    const entry = findEntry(state.entries, endpoint.key);
    const kindText = `${endpoint.classification.kind}${entry?.kind !== undefined ? '*' : ''}`;
    const target = endpoint.recommendation?.target ?? null;
    const recText = target === null ? '-' : `${target}${entry?.recommendation !== undefined ? '*' : ''}`;
    const line: Line = [
      segment(index === state.cursor ? '>' : ' ', 'accent'),
      segment(marked.has(endpoint.key) ? '+' : ' ', 'marked'),
      segment(fitEnd(endpoint.method, columns.method)),
      segment(' '),
      segment(fitEnd(truncateMiddle(endpoint.path, columns.path), columns.path)),
      segment(' '),
      segment(fitEnd(kindText, KIND_WIDTH), kindRole(endpoint.classification.kind)),
    ];
    if (columns.confidence) line.push(segment(` ${fitEnd(endpoint.classification.confidence.toFixed(2), CONFIDENCE_WIDTH)}`));
    if (columns.recommendation) line.push(segment(' '), segment(fitEnd(recText, RECOMMENDATION_WIDTH), targetRole(target)));
    if (columns.lines) line.push(segment(` ${padStart(formatCount(endpoint.classification.ownedLines), LINES_WIDTH)}`));
    if (columns.months) line.push(segment(` ${padStart(endpoint.estimate ? formatMonths(endpoint.estimate.months.likely) : '-', MONTHS_WIDTH)}`));
    return { key: endpoint.key, selected: index === state.cursor, line };
  });
}

/** The line above the footer: a prompt while typing or confirming, else the last message. */
export function buildMessageLine(state: ReviewState): Line {
  if (state.mode === 'note' && state.note) {
    const target = state.note.targets.length === 1 ? (state.note.targets[0] as string) : `${state.note.targets.length} endpoints`;
    return [segment(`note for ${target}: `, 'accent'), segment(state.note.draft), segment(' ', 'selected'), segment('  enter saves · esc cancels', 'muted')];
  }
  if (state.mode === 'confirm-quit') {
    const changes = countUnwrittenChanges(state);
    return [segment(`${countLabel(changes, 'unwritten change')}. Quit without writing? `, 'warning'), segment('y', 'heading'), segment(' quit · '), segment('n', 'heading'), segment(' stay · '), segment('w', 'heading'), segment(' write and quit')];
  }
  if (state.message) {
    const role = state.message.tone === 'info' ? 'plain' : state.message.tone;
    return [segment(state.message.text, role)];
  }
  return [];
}

function countLabel(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}
