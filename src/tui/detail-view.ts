/**
 * The detail view's content: what gonogo decided about one endpoint and the proof, each
 * call chain from the handler down to its sink with file:line and the source around every
 * step. Source comes from a reader passed in, so this stays a pure function of its inputs.
 */
import type { ChainStep, Evidence } from '../classification/types.js';
import type { Endpoint } from '../result/types.js';
import type { ReviewEntry } from '../review/review-file.js';
import type { SourceReader } from '../review/source-reader.js';
import { segment, wrapLine, type Line } from './segments.js';
import { kindRole, targetRole } from './theme.js';
import { formatCount, formatMonths, padEnd, padStart } from './text.js';

/** Lines shown above and below each step's line: two lines of context around it. */
export const SOURCE_CONTEXT_LINES = 1;

const LABEL_WIDTH = 11;

export interface DetailInput {
  /** The endpoint as currently decided (decisions applied). */
  endpoint: Endpoint;
  /** The same endpoint as the analysis alone saw it. */
  baseline: Endpoint | undefined;
  entry: ReviewEntry | undefined;
  readSource: SourceReader;
  /** Terminal columns: field values wrap to them; source lines are cut by the screen instead. */
  width: number;
}

export function buildDetailLines(input: DetailInput): Line[] {
  const { endpoint, baseline, entry, width } = input;
  const lines: Line[] = [];
  const field = (label: string, ...rest: Line): void => {
    lines.push(...wrapLine([segment(padEnd(label, LABEL_WIDTH), 'muted'), ...rest], width, LABEL_WIDTH));
  };

  lines.push(...wrapLine([segment(`${endpoint.method} ${endpoint.path}`, 'heading')], width, 2));
  const registered: Line = [segment(`${endpoint.framework} · ${endpoint.file}:${endpoint.line}`)];
  if (endpoint.resolution !== 'resolved') registered.push(segment(` · path ${endpoint.resolution}`, 'warning'));
  field('registered', ...registered);
  for (const step of endpoint.mountChain) field('mounted', segment(`${step.prefix} at ${step.file}:${step.line}`));
  const handler = endpoint.handler;
  field('handler', segment(handler ? `${handler.name} · ${handler.file}:${handler.startLine}-${handler.endLine}` : 'not located', handler ? 'plain' : 'warning'));

  const classification = endpoint.classification;
  const kind: Line = [segment(classification.kind, kindRole(classification.kind))];
  if (entry?.kind !== undefined) {
    const said = baseline?.classification.kind;
    kind.push(segment(said !== undefined && said !== entry.kind ? ` (reviewer; the analysis said ${said})` : ' (reviewer)', 'accent'));
  }
  kind.push(segment(` · confidence ${classification.confidence.toFixed(2)}`));
  if (classification.tags.length > 0) kind.push(segment(` · tags ${classification.tags.join(', ')}`));
  field('kind', ...kind);
  if (classification.reason !== '') field('why', segment(classification.reason));
  if (classification.confidenceNotes.length > 0) field('doubts', segment(classification.confidenceNotes.join('; '), 'muted'));

  const recommendation = endpoint.recommendation;
  const rec: Line = [segment(recommendation?.target ?? 'none', targetRole(recommendation?.target))];
  if (entry?.recommendation !== undefined) {
    const said = baseline?.recommendation?.target;
    rec.push(segment(said !== undefined && said !== entry.recommendation ? ` (reviewer; the analysis said ${said})` : ' (reviewer)', 'accent'));
  }
  if (recommendation && recommendation.reason !== '') rec.push(segment(` · ${recommendation.reason}`));
  field('recommend', ...rec);

  const estimate: Line = [];
  if (endpoint.estimate) {
    const { low, likely, high } = endpoint.estimate.months;
    estimate.push(segment(`${formatMonths(likely)} engineer-months (${formatMonths(low)}–${formatMonths(high)}) · `));
  }
  estimate.push(segment(`${formatCount(classification.ownedLines)} owned lines · ${formatCount(classification.reachedLines)} reached`));
  field('estimate', ...estimate);
  const note = entry?.note ?? endpoint.note;
  if (note !== undefined && note !== '') field('note', segment(note, 'accent'));

  lines.push([]);
  if (classification.evidence.length === 0) {
    lines.push([segment('evidence', 'heading'), segment('  no I/O or CPU sink was reached from the handler', 'muted')]);
    return lines;
  }
  lines.push([segment('evidence', 'heading'), segment(`  ${classification.evidence.length} sink${classification.evidence.length === 1 ? '' : 's'} reached, strongest first`, 'muted')]);
  classification.evidence.forEach((evidence, index) => {
    lines.push(...buildEvidenceLines(evidence, index + 1, input.readSource, width));
  });
  return lines;
}

function buildEvidenceLines(evidence: Evidence, number: number, readSource: SourceReader, width: number): Line[] {
  const lines: Line[] = [];
  const facts = [`${evidence.package}`, `weight ${evidence.weight}`];
  if (evidence.tag) facts.push(evidence.tag);
  if (evidence.inLoop) facts.push('in a loop');
  if (evidence.syncOnEventLoop) facts.push('sync on the event loop');
  lines.push([]);
  lines.push(...wrapLine([segment(`${number}. `, 'heading'), segment(evidence.kind, kindRole(evidence.kind)), segment(` ${evidence.signal}`, 'heading'), segment(` · ${facts.join(' · ')}`)], width, 3));
  if (evidence.reason !== '') lines.push(...wrapLine([segment(`   ${evidence.reason}`, 'muted')], width, 3));
  const chain = evidence.chain.length > 0 ? evidence.chain : [{ name: evidence.signal, file: evidence.file, line: evidence.line }];
  chain.forEach((step, index) => {
    lines.push([segment(index === 0 ? '   ' : '   → ', 'muted'), segment(step.name, 'heading'), segment(`  ${step.file}:${step.line}`)]);
    lines.push(...buildSourceLines(step, readSource));
  });
  return lines;
}

/** The step's line with its neighbours, the step's own line marked with `>`. */
function buildSourceLines(step: ChainStep, readSource: SourceReader): Line[] {
  const source = readSource(step.file);
  if (!source || step.line < 1 || step.line > source.length) return [[segment('       (source not available)', 'muted')]];
  const first = Math.max(1, step.line - SOURCE_CONTEXT_LINES);
  const last = Math.min(source.length, step.line + SOURCE_CONTEXT_LINES);
  const gutter = String(last).length;
  const lines: Line[] = [];
  for (let number = first; number <= last; number += 1) {
    const focus = number === step.line;
    lines.push([
      segment(`     ${focus ? '>' : ' '} ${padStart(String(number), gutter)} │ `, focus ? 'accent' : 'muted'),
      segment(source[number - 1] ?? '', focus ? 'source-focus' : 'plain'),
    ]);
  }
  return lines;
}
