import { useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, useApp, useInput, useStdout } from 'ink';
import type { Analysis } from '../../pipeline/types.js';
import type { ReviewEntry } from '../../review/review-file.js';
import type { SourceReader } from '../../review/source-reader.js';
import { buildDetailLines } from '../detail-view.js';
import { DETAIL_FOOTER, HELP_FOOTER, LIST_FOOTER, formatHelpLines } from '../help.js';
import { translateKey } from '../keys.js';
import { DEFAULT_VIEWPORT, detailHeight, helpHeight, listHeight, type Viewport } from '../layout.js';
import { buildColumnTitles, buildHeaderLines, buildListRows, buildMessageLine, buildStatusLine } from '../list-view.js';
import { countUnwrittenChanges, createInitialState, createReviewReducer, findEndpoint, findEntry, type ReviewState } from '../reducer.js';
import { fitLine, segment, type Line } from '../segments.js';
import { selectTheme, type Theme } from '../theme.js';
import { ScreenLine } from './screen-line.js';

export interface ReviewSummary {
  /** Where the decisions were last written in this session, if they were. */
  writtenTo: string | null;
  /** Endpoints whose decision changed since the last write and was left unwritten. */
  discarded: number;
}

export interface ReviewAppProps {
  analysis: Pick<Analysis, 'result' | 'withDecisions'>;
  entries: readonly ReviewEntry[];
  readSource: SourceReader;
  /** Writes the decisions and returns the file's name as the reviewer should read it. */
  saveEntries(entries: ReviewEntry[]): Promise<string>;
  color: boolean;
  onExit?(summary: ReviewSummary): void;
}

export function readViewport(stdout: NodeJS.WriteStream | undefined): Viewport {
  const columns = stdout?.columns;
  const rows = stdout?.rows;
  return {
    columns: typeof columns === 'number' && columns > 0 ? columns : DEFAULT_VIEWPORT.columns,
    rows: typeof rows === 'number' && rows > 0 ? rows : DEFAULT_VIEWPORT.rows,
  };
}

export function ReviewApp(props: ReviewAppProps) {
  const { analysis, readSource, saveEntries } = props;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const theme = selectTheme(props.color);
  const deps = useMemo(() => ({ recompute: analysis.withDecisions.bind(analysis) }), [analysis]);
  const reducer = useMemo(() => createReviewReducer(deps), [deps]);
  const [state, dispatch] = useReducer(reducer, undefined, () =>
    createInitialState({ baseline: analysis.result, entries: props.entries, viewport: readViewport(stdout) }, deps),
  );
  const writtenTo = useRef<string | null>(null);

  useInput((input, key) => {
    const action = translateKey(input, key);
    if (action) dispatch(action);
  });

  useEffect(() => {
    const onResize = (): void => dispatch({ type: 'resize', viewport: readViewport(stdout) });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);

  useEffect(() => {
    if (!state.writing) return;
    const entries = state.entries;
    saveEntries(entries).then(
      (path) => {
        writtenTo.current = path;
        dispatch({ type: 'write-succeeded', entries, path });
      },
      (error: unknown) => dispatch({ type: 'write-failed', message: error instanceof Error ? error.message : String(error) }),
    );
    // Only a new write request starts a write; the entries are captured at that moment.
  }, [state.writing]);

  // Runs once, when the reducer asks to leave; the summary reads the state of that moment.
  useEffect(() => {
    if (!state.exit) return;
    props.onExit?.({ writtenTo: writtenTo.current, discarded: countUnwrittenChanges(state) });
    exit();
  }, [state.exit]);

  const detailKey = state.detail?.key;
  const detailLines = useMemo(() => {
    if (detailKey === undefined) return [];
    const endpoint = findEndpoint(state.result, detailKey);
    if (!endpoint) return [];
    return buildDetailLines({
      endpoint,
      baseline: findEndpoint(state.baseline, detailKey),
      entry: findEntry(state.entries, detailKey),
      readSource,
      width: state.viewport.columns,
    });
  }, [detailKey, state.result, state.baseline, state.entries, readSource, state.viewport.columns]);

  useEffect(() => {
    if (detailKey !== undefined) dispatch({ type: 'detail-size', lineCount: detailLines.length });
  }, [detailKey, detailLines.length]);

  return <ReviewScreen state={state} theme={theme} detailLines={detailLines} />;
}

/** Draws one state; separate from ReviewApp so a frame depends on nothing but its props. */
export function ReviewScreen({ state, theme, detailLines }: { state: ReviewState; theme: Theme; detailLines: readonly Line[] }) {
  const width = state.viewport.columns;
  const lines: { line: Line; inverse?: boolean }[] = [];
  const push = (line: Line, inverse = false): void => {
    lines.push({ line: fitLine(line, width, inverse), inverse });
  };

  if (state.screen === 'help') {
    push([segment('gonogo review · keys', 'heading')]);
    const help = formatHelpLines();
    const visible = help.slice(state.helpScroll, state.helpScroll + helpHeight(state.viewport));
    for (const text of visible) push([segment(text, /^\S/.test(text) ? 'heading' : 'plain')]);
    for (let i = visible.length; i < helpHeight(state.viewport); i += 1) push([]);
    push([segment(HELP_FOOTER, 'muted')]);
  } else {
    for (const line of buildHeaderLines(state)) push(line);
    if (state.screen === 'detail' && state.detail) {
      const height = detailHeight(state.viewport);
      const scroll = Math.min(state.detail.scroll, Math.max(0, detailLines.length - height));
      const shownTo = Math.min(detailLines.length, scroll + height);
      push([segment(`evidence · lines ${detailLines.length === 0 ? 0 : scroll + 1}-${shownTo} of ${detailLines.length}`, 'muted')]);
      const visible = detailLines.slice(scroll, scroll + height);
      for (const line of visible) push(line);
      for (let i = visible.length; i < height; i += 1) push([]);
      push(buildMessageLine(state));
      push([segment(DETAIL_FOOTER, 'muted')]);
    } else {
      push(buildStatusLine(state));
      push(buildColumnTitles(state, width));
      const rows = buildListRows(state, width);
      for (const row of rows) push(row.line, row.selected);
      if (rows.length === 0) {
        const message = state.result.endpoints.length === 0 ? 'no endpoints were found in this repository' : 'no endpoint matches the filter (esc clears it)';
        push([segment(`  ${message}`, 'muted')]);
      }
      for (let i = Math.max(rows.length, 1); i < listHeight(state.viewport); i += 1) push([]);
      push(buildMessageLine(state));
      push([segment(LIST_FOOTER, 'muted')]);
    }
  }

  return (
    <Box flexDirection="column" width={width}>
      {lines.map((entry, index) => (
        <ScreenLine key={index} line={entry.line} theme={theme} inverse={entry.inverse} />
      ))}
    </Box>
  );
}
