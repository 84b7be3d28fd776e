import { SKIP_REASONS } from '../discovery/types.js';
import type { AnalysisResult } from '../result/types.js';
import { escapeMarkdown, formatInt, formatMonths } from './format.js';

export interface MarkdownReportOptions {
  explain: boolean;
}

/** The report as GitHub-flavoured markdown, for issues, wikis and PR descriptions. Pure. */
export function reportMarkdown(result: AnalysisResult, options: MarkdownReportOptions): string {
  const s = result.summary;
  const out: string[] = [`# gonogo report: ${escapeMarkdown(result.repository)}`, ''];
  out.push(`${formatInt(s.files)} files, ${formatInt(s.code)} lines of code (${formatInt(s.productionCode)} production, ${formatInt(s.testCode)} test), ${formatInt(s.endpoints)} endpoints.`);
  if (result.verdict) out.push('', `**Verdict: ${result.verdict.decision}** — ${escapeMarkdown(result.verdict.summary)}`);
  const e = result.estimate;
  if (e) {
    out.push('', '## Go rewrite estimate', '');
    out.push(
      `**${formatMonths(e.months.likely)} engineer-months** likely (range ${formatMonths(e.months.low)}–${formatMonths(e.months.high)}; P10 ${formatMonths(e.percentiles.p10)}, P50 ${formatMonths(e.percentiles.p50)}, P90 ${formatMonths(e.percentiles.p90)}), ` +
        `${formatInt(e.linesPerMonth.implied)} lines per engineer-month (article baseline ${formatInt(e.linesPerMonth.articleLow)}–${formatInt(e.linesPerMonth.articleHigh)}).`,
    );
    const active = e.factors.filter((f) => Math.abs(f.value - 1) > 1e-9 || f.uncertainty > 0);
    if (active.length > 0) {
      out.push('', '| factor | effect | evidence |', '| --- | --- | --- |');
      for (const f of active) out.push(`| ${escapeMarkdown(f.title)} | ×${f.value.toFixed(2)} | ${escapeMarkdown(f.evidence[0] ?? '')} |`);
    }
    if (options.explain) out.push('', '```text', ...e.explanation, '```');
  }
  const r = result.risk;
  if (r) {
    out.push('', `## Regression risk: ${r.level} (${r.score}/100)`, '', '| factor | points | evidence | what would lower it |', '| --- | --- | --- | --- |');
    for (const f of r.factors.filter((f) => f.points > 0)) out.push(`| ${escapeMarkdown(f.title)} | ${f.points} | ${escapeMarkdown(f.evidence[0] ?? '')} | ${escapeMarkdown(f.mitigation)} |`);
  }
  out.push('', `## Endpoints (${formatInt(s.endpoints)})`, '');
  out.push(`io ${s.byKind.io} · cpu ${s.byKind.cpu} · mixed ${s.byKind.mixed} · unknown ${s.byKind.unknown}`);
  if (result.endpoints.length > 0) {
    out.push('', '| method | path | kind | tags | recommendation | months | handler |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const endpoint of result.endpoints) {
      const handler = endpoint.handler ? `${endpoint.handler.file}:${endpoint.handler.startLine}` : `${endpoint.file}:${endpoint.line}`;
      out.push(
        `| ${endpoint.method} | \`${endpoint.path.replace(/`/g, "'")}\` | ${endpoint.classification.kind} | ${endpoint.classification.tags.join(', ')} | ${endpoint.recommendation?.target ?? ''} | ${endpoint.estimate ? formatMonths(endpoint.estimate.months.likely) : ''} | ${escapeMarkdown(handler)} |`,
      );
    }
  }
  if (result.plan.length > 0) {
    out.push('', '## Migration order', '');
    for (const step of result.plan) out.push(`${step.order}. \`${step.method} ${step.path}\` — ${formatMonths(step.costMonths)} months: ${escapeMarkdown(step.reason)}`);
  }
  const skipped = SKIP_REASONS.filter((reason) => result.skipped[reason] > 0);
  if (skipped.length > 0) out.push('', `Skipped files: ${skipped.map((reason) => `${reason} ${formatInt(result.skipped[reason])}`).join(', ')}.`);
  if (result.diagnostics.length > 0) out.push('', `${result.diagnostics.length} diagnostics (see \`gonogo analyze --format json\`).`);
  return `${out.join('\n')}\n`;
}
