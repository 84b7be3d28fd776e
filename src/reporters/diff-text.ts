import type { Delta, EndpointSnapshot, GateOutcome } from '../diff/types.js';
import {
  countFailedGates,
  describeEndpoint,
  describeMove,
  describeRevision,
  formatCount,
  formatMove,
  plural,
} from './diff-format.js';

export interface DiffTextOptions {
  gates?: readonly GateOutcome[];
  /** ANSI colours; the command decides (TTY, NO_COLOR). */
  color?: boolean;
}

/** The delta for a terminal: a headline, the gates, then every endpoint change (no cap). */
export function renderDiffText(delta: Delta, options: DiffTextOptions = {}): string {
  const paint = createPainter(options.color ?? false);
  const lines: string[] = [];
  const revision = (side: { ref: string; sha: string }): string => {
    const { sha, ref } = describeRevision(side);
    return ref === null ? sha : `${ref} (${sha})`;
  };
  const revisions = delta.revisions ? ` ${revision(delta.revisions.base)} → ${revision(delta.revisions.head)}` : '';
  lines.push(paint.bold(`gonogo diff: ${delta.repository}${revisions}`), '');
  lines.push(`  Engineer-months, likely  ${formatMove(delta.months.likely)}`);
  lines.push(`  Engineer-months, P90     ${formatMove(delta.months.p90)}`);
  const level = delta.risk.headLevel === null ? 'n/a' : describeMove(delta.risk.baseLevel, delta.risk.headLevel);
  lines.push(`  Risk                     ${level}, score ${formatMove(delta.risk.score)}`);
  lines.push(`  Verdict                  ${describeMove(delta.verdict.base?.decision ?? null, delta.verdict.head?.decision ?? null)}`);
  lines.push(`  Production lines         ${formatMove(delta.productionLines, formatCount)}`);
  lines.push(
    `  Endpoints                ${formatCount(delta.endpoints.base)} → ${formatCount(delta.endpoints.head)}: ` +
      `${formatCount(delta.endpoints.added.length)} added, ${formatCount(delta.endpoints.removed.length)} removed, ` +
      `${formatCount(delta.endpoints.changed.length)} changed`,
  );

  const gates = options.gates ?? [];
  if (gates.length > 0) {
    const failed = countFailedGates(gates);
    lines.push('', failed === 0 ? paint.green(`Gates: all ${gates.length} passed`) : paint.red(`Gates: ${failed} of ${gates.length} failed`));
    for (const gate of gates) {
      const mark = gate.passed ? paint.green('pass') : paint.red('FAIL');
      const threshold = gate.threshold === 'true' ? '' : ` (${gate.threshold})`;
      lines.push(`  ${mark}  ${gate.id}${threshold}: ${gate.reason}`);
    }
  }

  if (delta.endpoints.becameCpuBound.length > 0) {
    lines.push('', paint.bold(`Became CPU-bound (${delta.endpoints.becameCpuBound.length})`));
    for (const change of delta.endpoints.becameCpuBound) {
      const how = change.reason === 'added' ? `new, ${change.endpoint.kind}` : `${change.previousKind ?? 'unknown'} → ${change.endpoint.kind}`;
      const evidence = change.endpoint.strongestEvidence ? `  ${change.endpoint.strongestEvidence}` : '';
      lines.push(`  ${describeEndpoint(change.endpoint)}  (${how})  ${location(change.endpoint)}${evidence}`);
    }
  }
  pushEndpoints(lines, paint.bold(`Added (${delta.endpoints.added.length})`), delta.endpoints.added, paint.green('+'));
  pushEndpoints(lines, paint.bold(`Removed (${delta.endpoints.removed.length})`), delta.endpoints.removed, paint.red('-'));
  if (delta.endpoints.changed.length > 0) {
    lines.push('', paint.bold(`Changed (${delta.endpoints.changed.length})`));
    for (const change of delta.endpoints.changed) {
      const details = change.changes.map((field) => {
        if (field === 'kind') return `kind ${describeMove(change.base.kind, change.head.kind)}`;
        if (field === 'recommendation') return `recommendation ${describeMove(change.base.recommendation, change.head.recommendation)}`;
        return `handler ${describeMove(change.base.handlerFile, change.head.handlerFile)}`;
      });
      lines.push(`  ~ ${describeEndpoint(change.head)}  ${details.join('; ')}  ${location(change.head)}`);
    }
  }
  if (delta.dependencies.length > 0) {
    lines.push('', paint.bold(`New dependencies (${delta.dependencies.length})`));
    for (const dependency of delta.dependencies) {
      const go =
        dependency.go.length > 0
          ? `${dependency.go.join(', ')} (${dependency.fit})`
          : dependency.fit === 'unmapped'
            ? paint.yellow('not in the Go equivalents table')
            : paint.yellow('no Go equivalent');
      lines.push(`  ${dependency.name} (${dependency.ecosystem}) → ${go}${dependency.note ? `: ${dependency.note}` : ''}`);
    }
  }
  if (delta.dynamicFeatures.length > 0) {
    lines.push('', paint.bold(`New dynamic features (${delta.dynamicFeatures.length})`));
    for (const feature of delta.dynamicFeatures) lines.push(`  ${feature.what} (${feature.kind})  ${feature.file}:${feature.line}`);
  }
  if (delta.review.head !== null) {
    lines.push('', `Review decisions applied (gonogo.review.json): ${formatCount(delta.review.head)} on head, ${delta.review.base === null ? 'none' : formatCount(delta.review.base)} on base`);
  }
  if (delta.review.staleOnHead.length > 0) {
    lines.push('', paint.yellow(`${plural(delta.review.staleOnHead.length, 'stale review decision')} (endpoint no longer found):`));
    for (const key of delta.review.staleOnHead) lines.push(`  ${key}`);
  }
  if (delta.endpoints.added.length + delta.endpoints.removed.length + delta.endpoints.changed.length === 0) {
    lines.push('', 'No endpoint was added, removed or changed.');
  }
  return `${lines.join('\n')}\n`;
}

function pushEndpoints(lines: string[], title: string, endpoints: readonly EndpointSnapshot[], mark: string): void {
  if (endpoints.length === 0) return;
  lines.push('', title);
  for (const endpoint of endpoints) {
    const recommendation = endpoint.recommendation ? `, ${endpoint.recommendation}` : '';
    lines.push(`  ${mark} ${describeEndpoint(endpoint)}  (${endpoint.kind}${recommendation})  ${location(endpoint)}`);
  }
}

function location(endpoint: EndpointSnapshot): string {
  return `${endpoint.file}:${endpoint.line}`;
}

interface Painter {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

function createPainter(enabled: boolean): Painter {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
}
