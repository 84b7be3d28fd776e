import { useEffect, useRef, useState } from 'react';
import { Box, useApp, useInput, useStdout } from 'ink';
import type { Analysis, Progress } from '../../pipeline/types.js';
import type { ReviewEntry } from '../../review/review-file.js';
import type { SourceReader } from '../../review/source-reader.js';
import { buildProgressLines } from '../progress-lines.js';
import { fitLine } from '../segments.js';
import { selectTheme } from '../theme.js';
import { ReviewApp, readViewport, type ReviewSummary } from './review-app.js';
import { ScreenLine } from './screen-line.js';

export interface ReviewRootProps {
  /** Runs the analysis, reporting progress; its rejection ends the UI with that error. */
  analyze(onProgress: (progress: Progress) => void): Promise<Pick<Analysis, 'result' | 'withDecisions'>>;
  repository: string;
  entries: readonly ReviewEntry[];
  readSource: SourceReader;
  saveEntries(entries: ReviewEntry[]): Promise<string>;
  color: boolean;
  onExit?(summary: ReviewSummary): void;
}

/** Progress redraws are throttled: a report per parsed file would re-render thousands of times. */
const PROGRESS_INTERVAL_MS = 80;

/** Shows the analysis progress, then the review UI once the analysis is ready. */
export function ReviewRoot(props: ReviewRootProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [analysis, setAnalysis] = useState<Pick<Analysis, 'result' | 'withDecisions'> | null>(null);
  const [progress, setProgress] = useState<ReadonlyMap<Progress['phase'], Progress>>(new Map());
  const latest = useRef(new Map<Progress['phase'], Progress>());
  const lastDraw = useRef(0);

  // Declared before the analysis starts, so the terminal is in raw mode (keys not echoed) from the first frame.
  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) exit();
    },
    { isActive: analysis === null },
  );

  useEffect(() => {
    let cancelled = false;
    let ready = false;
    const onProgress = (report: Progress): void => {
      // Relabelling recomputes the estimate, which reports progress again; only the first analysis is shown.
      if (cancelled || ready) return;
      const isNewPhase = !latest.current.has(report.phase);
      latest.current.set(report.phase, report);
      const now = Date.now();
      if (isNewPhase || report.done >= report.total || now - lastDraw.current >= PROGRESS_INTERVAL_MS) {
        lastDraw.current = now;
        setProgress(new Map(latest.current));
      }
    };
    // Started on the next turn, after the first frame is drawn and input is live.
    const start = setImmediate(() => {
      props.analyze(onProgress).then(
        (result) => {
          ready = true;
          if (!cancelled) setAnalysis(result);
        },
        (error: unknown) => {
          if (!cancelled) exit(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
    return () => {
      cancelled = true;
      clearImmediate(start);
    };
    // The analysis starts once per mounted UI.
  }, []);

  if (analysis) {
    return (
      <ReviewApp
        analysis={analysis}
        entries={props.entries}
        readSource={props.readSource}
        saveEntries={props.saveEntries}
        color={props.color}
        onExit={props.onExit}
      />
    );
  }
  const theme = selectTheme(props.color);
  const width = readViewport(stdout).columns;
  return (
    <Box flexDirection="column">
      {buildProgressLines(props.repository, progress).map((line, index) => (
        <ScreenLine key={index} line={fitLine(line, width)} theme={theme} />
      ))}
    </Box>
  );
}
