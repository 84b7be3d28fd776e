import { SKIP_REASONS } from '../discovery/types.js';
import type { AnalysisResult, Endpoint } from '../result/types.js';
import { COLOR_PALETTE, PLAIN_PALETTE, formatInt, formatMonths, renderTable, type Palette } from './format.js';

export interface TextReportOptions {
  color: boolean;
  /** Print the estimate's formula with the numbers filled in, factor by factor. */
  explain: boolean;
  /** Diagnostics listed before the rest are summarised as a count. */
  maxDiagnostics?: number;
}

/** The terminal report: a summary header, then tables. Pure: returns the text. */
export function reportText(result: AnalysisResult, options: TextReportOptions): string {
  const p = options.color ? COLOR_PALETTE : PLAIN_PALETTE;
  const out: string[] = [];
  const s = result.summary;
  out.push(p.bold(`gonogo ${result.tool.version} — ${result.repository}`));
  if (s.files === 0) {
    out.push('', 'No Python, JavaScript or TypeScript files found: nothing to estimate.');
    out.push(...renderSkipped(result, p));
    return `${out.join('\n')}\n`;
  }
  out.push(
    `${formatInt(s.files)} files, ${formatInt(s.code)} lines of code (${formatInt(s.productionCode)} production, ${formatInt(s.testCode)} test), ${formatInt(s.functions)} functions`,
  );
  out.push('', p.bold('Languages'));
  out.push(
    ...renderTable(
      ['language', 'files', 'code', 'comment', 'blank', 'production', 'test'],
      result.languages.map((l) => [l.language, formatInt(l.files), formatInt(l.code), formatInt(l.comment), formatInt(l.blank), formatInt(l.productionCode), formatInt(l.testCode)]),
    ),
  );
  out.push(...renderSkipped(result, p));
  out.push(...renderVerdict(result, p));
  out.push(...renderEndpoints(result, p));
  out.push(...renderEstimate(result, p, options.explain));
  out.push(...renderRisk(result, p, options.explain));
  out.push(...renderPlan(result, p));
  out.push(...renderHotspots(result, p));
  out.push(...renderReview(result, p));
  out.push(...renderDiagnostics(result, p, options.maxDiagnostics ?? 20));
  return `${out.join('\n')}\n`;
}

function renderSkipped(result: AnalysisResult, p: Palette): string[] {
  const parts = SKIP_REASONS.filter((reason) => result.skipped[reason] > 0).map((reason) => `${reason} ${formatInt(result.skipped[reason])}`);
  return parts.length > 0 ? ['', `${p.dim('Skipped:')} ${parts.join(', ')}`] : [];
}

function renderVerdict(result: AnalysisResult, p: Palette): string[] {
  if (!result.verdict) return [];
  const colour = result.verdict.decision === 'stay' ? p.green : result.verdict.decision === 'rewrite' ? p.red : p.yellow;
  return ['', `${p.bold('Verdict:')} ${colour(result.verdict.decision)} — ${result.verdict.summary}`];
}

function kindLabel(endpoint: Endpoint, p: Palette): string {
  const kind = endpoint.classification.kind;
  const text = endpoint.classification.overriddenBy ? `${kind}*` : kind;
  if (kind === 'cpu') return p.red(text);
  if (kind === 'mixed') return p.yellow(text);
  if (kind === 'io') return p.green(text);
  return p.dim(text);
}

function strongestEvidence(endpoint: Endpoint): string {
  const top = endpoint.classification.evidence[0];
  if (!top) return endpoint.classification.reason;
  return `${top.signal.replace(/^[a-z]+:/, '')} ${top.file}:${top.line}${top.inLoop ? ' (in loop)' : ''}`;
}

function renderEndpoints(result: AnalysisResult, p: Palette): string[] {
  const s = result.summary;
  const out = ['', p.bold(`Endpoints (${formatInt(s.endpoints)})`)];
  if (result.endpoints.length === 0) {
    const frameworks = result.frameworks.map((f) => f.title).join(', ');
    out.push(frameworks ? `  No endpoints found (frameworks detected: ${frameworks}).` : '  No HTTP or WebSocket endpoints found: no supported web framework is used.');
    return out;
  }
  out.push(
    `  ${[`io ${s.byKind.io}`, `cpu ${s.byKind.cpu}`, `mixed ${s.byKind.mixed}`, `unknown ${s.byKind.unknown}`].join(' · ')}   ` +
      p.dim(`resolved ${s.endpointResolution.resolved}, partial ${s.endpointResolution.partial}, unresolved ${s.endpointResolution.unresolved}`),
  );
  out.push(
    ...renderTable(
      ['method', 'path', 'kind', 'tags', 'go?', 'months', 'evidence'],
      result.endpoints.map((e) => [
        e.method,
        e.generated ? p.dim(e.path) : e.path,
        kindLabel(e, p),
        e.classification.tags.join(','),
        e.recommendation?.target ?? '',
        e.estimate ? formatMonths(e.estimate.months.likely) : '',
        strongestEvidence(e),
      ]),
    ),
  );
  return out;
}

function renderEstimate(result: AnalysisResult, p: Palette, explain: boolean): string[] {
  const e = result.estimate;
  if (!e) return [];
  const out = ['', p.bold('Go rewrite estimate')];
  out.push(
    `  ${p.bold(`${formatMonths(e.months.likely)} engineer-months`)} likely (range ${formatMonths(e.months.low)}–${formatMonths(e.months.high)}; P10 ${formatMonths(e.percentiles.p10)}, P50 ${formatMonths(e.percentiles.p50)}, P90 ${formatMonths(e.percentiles.p90)})`,
  );
  out.push(
    `  ${formatInt(e.sizeLines.production)} production lines + ${formatInt(e.sizeLines.test)} test lines to port; ${formatInt(e.linesPerMonth.implied)} lines per engineer-month (article: ${formatInt(e.linesPerMonth.articleLow)}–${formatInt(e.linesPerMonth.articleHigh)})`,
  );
  const active = e.factors.filter((f) => Math.abs(f.value - 1) > 1e-9 || f.uncertainty > 0);
  if (active.length > 0) {
    out.push(...renderTable(['factor', 'effect', 'evidence'], active.map((f) => [f.title, `×${f.value.toFixed(2)}`, f.evidence[0] ?? ''])));
  }
  if (e.modules.length > 1) {
    out.push('', p.bold('  By module'));
    out.push(...renderTable(['module', 'lines', 'months'], e.modules.map((m) => [m.module, formatInt(m.lines), `${formatMonths(m.months.likely)} (${formatMonths(m.months.low)}–${formatMonths(m.months.high)})`]), '    '));
  }
  if (e.infra) {
    out.push(
      `  Infra: saves about ${formatInt(e.infra.expectedMonthlySaving)}/month of ${formatInt(e.infra.monthlyCost)}; rewrite costs ${formatInt(e.infra.rewriteCost)}; payback ${e.infra.paybackMonths === null ? 'never at these figures' : `${e.infra.paybackMonths.toFixed(1)} months`}`,
    );
  } else if (e.infraHint) out.push(`  ${p.dim(e.infraHint)}`);
  if (explain) {
    out.push('', p.bold('  How this was computed'));
    out.push(...e.explanation.map((line) => `    ${line}`));
  } else out.push(`  ${p.dim('Run with --explain for the formula with every number filled in.')}`);
  return out;
}

function renderRisk(result: AnalysisResult, p: Palette, explain: boolean): string[] {
  const r = result.risk;
  if (!r) return [];
  const colour = r.level === 'high' ? p.red : r.level === 'medium' ? p.yellow : p.green;
  const out = ['', `${p.bold('Regression risk:')} ${colour(`${r.level} (${r.score}/100)`)}`];
  const factors = [...r.factors].filter((f) => f.points > 0).sort((a, b) => b.points - a.points);
  out.push(
    ...renderTable(
      ['factor', 'points', explain ? 'evidence / what would lower it' : 'evidence'],
      factors.map((f) => [f.title, String(f.points), explain ? `${f.evidence[0] ?? ''} — ${f.mitigation}` : (f.evidence[0] ?? '')]),
    ),
  );
  return out;
}

function renderPlan(result: AnalysisResult, p: Palette): string[] {
  if (result.plan.length === 0) return [];
  return [
    '',
    p.bold('Migration order (benefit over cost)'),
    ...renderTable(
      ['#', 'endpoint', 'months', 'why'],
      result.plan.map((step) => [String(step.order), `${step.method} ${step.path}`, formatMonths(step.costMonths), step.reason]),
    ),
  ];
}

function renderHotspots(result: AnalysisResult, p: Palette): string[] {
  if (result.hotspots.length === 0) return [];
  return ['', p.bold('Complexity hotspots'), ...renderTable(['complexity', 'function', 'where'], result.hotspots.map((h) => [String(h.complexity), h.name, `${h.file}:${h.startLine}`]))];
}

function renderReview(result: AnalysisResult, p: Palette): string[] {
  if (!result.review) return [];
  const out = ['', `${p.bold('Review decisions:')} ${result.review.applied} applied from gonogo.review.json`];
  for (const stale of result.review.stale) out.push(`  ${p.yellow('stale')} ${stale.key}: ${stale.reason}`);
  return out;
}

function renderDiagnostics(result: AnalysisResult, p: Palette, max: number): string[] {
  if (result.diagnostics.length === 0) return [];
  const out = ['', p.bold(`Diagnostics (${result.diagnostics.length})`)];
  for (const d of result.diagnostics.slice(0, max)) {
    const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''} ` : '';
    const label = d.severity === 'error' ? p.red(d.severity) : d.severity === 'warning' ? p.yellow(d.severity) : p.dim(d.severity);
    out.push(`  ${label} ${where}${d.message} ${p.dim(`[${d.code}]`)}`);
  }
  if (result.diagnostics.length > max) out.push(`  … ${result.diagnostics.length - max} more (use --format json for all)`);
  return out;
}

