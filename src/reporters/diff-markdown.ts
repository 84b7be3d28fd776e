import { lacksGoEquivalent } from '../diff/compute-delta.js';
import type { CpuBoundChange, Delta, DependencyAddition, EndpointSnapshot, GateOutcome } from '../diff/types.js';
import {
  countFailedGates,
  describeEndpoint,
  describeMove,
  describeRevision,
  formatChange,
  formatCount,
  formatMove,
  formatNumber,
  formatSide,
  plural,
} from './diff-format.js';

/** GitHub refuses comments over 65,536 characters; staying under 60,000 leaves room for edits by hand. */
export const DEFAULT_MARKDOWN_LIMIT = 60_000;

export interface SourceLinks {
  /** Web root of the forge: `https://github.com`, or a GitHub Enterprise host. */
  webUrl: string;
  /** `owner/name`. */
  repository: string;
  /** The analysed folder inside the repository ('' for the top level), prefixed to report paths. */
  pathPrefix: string;
}

export interface DiffMarkdownOptions {
  gates?: readonly GateOutcome[];
  /** A hidden first line (the sticky comment's marker); counted in the size limit. */
  marker?: string;
  /** Turns file:line into links to the head commit (base commit for removed endpoints). Needs `delta.revisions`. */
  links?: SourceLinks;
  /** Largest output in characters (default 60,000). Rows that do not fit are counted, never cut. */
  maxLength?: number;
  toolVersion?: string;
}

/**
 * The delta as GitHub-flavoured markdown: the PR comment, the job summary and
 * `gonogo diff --format markdown` are all this one function's output.
 */
export function renderDiffMarkdown(delta: Delta, options: DiffMarkdownOptions = {}): string {
  const gates = options.gates ?? [];
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_LIMIT;
  const fixedHead = [
    ...(options.marker ? [options.marker] : []),
    renderHeadline(delta),
    ...(gates.length > 0 ? [renderGates(gates)] : []),
    renderSummaryTable(delta),
    ...(delta.endpoints.becameCpuBound.length > 0 ? [renderCpuBoundLine(delta.endpoints.becameCpuBound)] : []),
  ];
  const fixedTail = [...renderReviewLines(delta), renderFooter(delta, options.toolVersion)];
  const sections = [
    buildEndpointSection(delta, options.links),
    buildDependencySection(delta.dependencies),
    buildDynamicFeatureSection(delta, options.links),
  ].filter((section): section is CappedSection => section !== null);
  return `${fitSections(fixedHead, sections, fixedTail, maxLength)}\n`;
}

function renderHeadline(delta: Delta): string {
  const change = delta.months.likely.change;
  const title =
    change === null
      ? 'gonogo: Go rewrite estimate'
      : `gonogo: Go rewrite estimate ${change === 0 ? 'unchanged' : `${formatChange(change)} engineer-months`}`;
  const facts = [
    `**Likely** ${formatMove(delta.months.likely)} engineer-months`,
    `**P90** ${formatMove(delta.months.p90)}`,
    `**Risk** ${describeRisk(delta)}`,
    `**Verdict** ${describeVerdict(delta)}`,
  ];
  return `### ${escapeText(title)}\n\n${facts.join(' · ')}`;
}

function describeRisk(delta: Delta): string {
  const { baseLevel, headLevel, score } = delta.risk;
  if (headLevel === null) return 'n/a';
  const level = baseLevel === headLevel || baseLevel === null ? headLevel : `${baseLevel} → ${headLevel}`;
  return `${level}, score ${formatMove(score)}`;
}

function describeVerdict(delta: Delta): string {
  const before = delta.verdict.base?.decision ?? null;
  const after = delta.verdict.head?.decision ?? null;
  if (after === null) return 'n/a';
  return before === null || before === after ? after : `${before} → ${after}`;
}

function renderGates(gates: readonly GateOutcome[]): string {
  const failed = countFailedGates(gates);
  const title =
    failed === 0
      ? `✅ **All ${plural(gates.length, 'gate')} passed**`
      : `❌ **${formatCount(failed)} of ${plural(gates.length, 'gate')} failed**`;
  const lines = gates.map(
    (gate) => `- ${gate.passed ? '✅' : '❌'} \`${gate.id}\`${describeThreshold(gate)}: ${escapeText(gate.reason)}`,
  );
  return [title, '', ...lines].join('\n');
}

/** Switch-like gates need no threshold; the others show theirs. */
function describeThreshold(gate: GateOutcome): string {
  return gate.threshold === 'true' ? '' : ` (${escapeText(gate.threshold)})`;
}

function renderSummaryTable(delta: Delta): string {
  const score = delta.risk.score;
  const risk = (value: number | null, level: string | null): string =>
    value === null ? 'n/a' : `${formatNumber(value)}${level ? ` (${level})` : ''}`;
  const rows = [
    ['Engineer-months, likely', formatSide(delta.months.likely.base), formatSide(delta.months.likely.head), formatChange(delta.months.likely.change)],
    ['Engineer-months, P90', formatSide(delta.months.p90.base), formatSide(delta.months.p90.head), formatChange(delta.months.p90.change)],
    ['Risk score', risk(score.base, delta.risk.baseLevel), risk(score.head, delta.risk.headLevel), formatChange(score.change)],
    [
      'Production lines',
      formatSide(delta.productionLines.base, formatCount),
      formatSide(delta.productionLines.head, formatCount),
      formatChange(delta.productionLines.change, formatCount),
    ],
    [
      'Endpoints',
      formatCount(delta.endpoints.base),
      formatCount(delta.endpoints.head),
      formatChange(delta.endpoints.head - delta.endpoints.base, formatCount),
    ],
  ];
  return ['| | Base | Head | Change |', '|---|---:|---:|---:|', ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`)].join('\n');
}

function renderCpuBoundLine(changes: readonly CpuBoundChange[]): string {
  const shown = changes.slice(0, 5).map((change) => {
    const how = change.reason === 'added' ? `new, ${change.endpoint.kind}` : `${change.previousKind ?? 'unknown'} → ${change.endpoint.kind}`;
    return `${code(describeEndpoint(change.endpoint))} (${how})`;
  });
  const rest = changes.length > 5 ? ` and ${formatCount(changes.length - 5)} more` : '';
  return `**${plural(changes.length, 'endpoint')} became CPU-bound:** ${shown.join(', ')}${rest}`;
}

function renderReviewLines(delta: Delta): string[] {
  const lines: string[] = [];
  if (delta.review.head !== null) {
    const base = delta.review.base === null ? 'none' : formatCount(delta.review.base);
    lines.push(`Review decisions applied (gonogo.review.json): ${formatCount(delta.review.head)} on head, ${base} on base.`);
  }
  if (delta.review.staleOnHead.length > 0) {
    const shown = delta.review.staleOnHead.slice(0, 5).map(code).join(', ');
    const rest = delta.review.staleOnHead.length > 5 ? ` and ${formatCount(delta.review.staleOnHead.length - 5)} more` : '';
    lines.push(`⚠️ ${plural(delta.review.staleOnHead.length, 'stale review decision')} (endpoint no longer found): ${shown}${rest}`);
  }
  return lines.length > 0 ? [lines.join('\n')] : [];
}

function renderFooter(delta: Delta, toolVersion: string | undefined): string {
  const parts = [`gonogo${toolVersion ? ` ${escapeText(toolVersion)}` : ''}`];
  if (delta.revisions) {
    const [base, head] = [delta.revisions.base, delta.revisions.head].map((revision) => {
      const { sha, ref } = describeRevision(revision);
      return ref === null ? code(sha) : `${code(sha)} (${escapeText(ref)})`;
    });
    parts.push(`base ${base} → head ${head}`);
  }
  return `<sub>${parts.join(' · ')}</sub>`;
}

/** A `<details>` block whose rows may be cut to fit, with a line counting what was left out. */
interface CappedSection {
  summary: string;
  /** Lines above the rows (a table header), shown only when at least one row is. */
  header: string[];
  rows: string[];
  /** The line that replaces the rows left out. */
  more(hidden: number): string;
}

function renderSection(section: CappedSection, shown: number): string {
  const hidden = section.rows.length - shown;
  const body: string[] = [];
  if (shown > 0) body.push([...section.header, ...section.rows.slice(0, shown)].join('\n'));
  if (hidden > 0) body.push(section.more(hidden));
  return [`<details><summary>${section.summary}</summary>`, ...body, '</details>'].join('\n\n');
}

/**
 * Assembles the document within the size limit. Sections are filled in order (the most important
 * first); each gets what is left once every later section is counted at its smallest (no rows,
 * only its "N more" line), so whole rows are dropped and no element is ever cut in the middle.
 */
function fitSections(head: string[], sections: CappedSection[], tail: string[], maxLength: number): string {
  const shown = sections.map(() => 0);
  const assemble = (): string =>
    [...head, ...sections.map((section, index) => renderSection(section, shown[index]!)), ...tail].join('\n\n');
  for (let index = 0; index < sections.length; index += 1) {
    const section = sections[index]!;
    const budget = maxLength - 1 - assemble().length + renderSection(section, 0).length;
    shown[index] = largestFitting(section, budget);
  }
  return assemble();
}

function largestFitting(section: CappedSection, budget: number): number {
  const total = section.rows.length;
  if (renderSection(section, total).length <= budget) return total;
  // Below `total` the length only grows with each row shown, so a binary search finds the most that fit.
  let low = 0;
  let high = total - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (renderSection(section, middle).length <= budget) low = middle;
    else high = middle - 1;
  }
  return low;
}

interface EndpointRow {
  label: string;
  endpoint: EndpointSnapshot;
  kind: string;
  recommendation: string;
  months: string;
  side: 'base' | 'head';
}

function buildEndpointSection(delta: Delta, links: SourceLinks | undefined): CappedSection | null {
  const { added, removed, changed, becameCpuBound } = delta.endpoints;
  const total = added.length + removed.length + changed.length;
  if (total === 0) return null;
  const cpuKeys = new Set(becameCpuBound.map((change) => snapshotId(change.endpoint)));
  const addedRows = added.map(
    (endpoint): EndpointRow => ({
      label: cpuKeys.has(snapshotId(endpoint)) ? 'added, CPU-bound' : endpoint.generated ? 'added (generated)' : 'added',
      endpoint,
      kind: endpoint.kind,
      recommendation: endpoint.recommendation ?? 'none',
      months: endpoint.months === null ? 'n/a' : formatNumber(endpoint.months),
      side: 'head',
    }),
  );
  const changedRows = changed.map(
    (change): EndpointRow => ({
      label: cpuKeys.has(snapshotId(change.head))
        ? `${change.changes.join(', ')}, CPU-bound`
        : `${change.changes.join(', ')}${change.head.generated ? ' (generated)' : ''}`,
      endpoint: change.head,
      kind: describeMove(change.base.kind, change.head.kind),
      recommendation: describeMove(change.base.recommendation, change.head.recommendation),
      months: change.head.months === null ? 'n/a' : formatNumber(change.head.months),
      side: 'head',
    }),
  );
  const removedRows = removed.map(
    (endpoint): EndpointRow => ({
      label: endpoint.generated ? 'removed (generated)' : 'removed',
      endpoint,
      kind: endpoint.kind,
      recommendation: endpoint.recommendation ?? 'none',
      months: endpoint.months === null ? 'n/a' : formatNumber(endpoint.months),
      side: 'base',
    }),
  );
  // What a reviewer must see first goes first, so a cut drops the least important rows:
  // framework-generated routes (FastAPI /docs...) come after the ones the team wrote.
  const isCpu = (row: EndpointRow): boolean => row.label.endsWith('CPU-bound');
  const written = (rows: EndpointRow[]): EndpointRow[] => rows.filter((row) => !row.endpoint.generated);
  const generated = (rows: EndpointRow[]): EndpointRow[] => rows.filter((row) => row.endpoint.generated);
  const ordered = [
    ...[...addedRows, ...changedRows].filter(isCpu),
    ...written(addedRows.filter((row) => !isCpu(row))),
    ...written(changedRows.filter((row) => !isCpu(row))),
    ...written(removedRows),
    ...generated([...addedRows, ...changedRows].filter((row) => !isCpu(row))),
    ...generated(removedRows),
  ];
  const parts = [`${formatCount(added.length)} added`, `${formatCount(removed.length)} removed`, `${formatCount(changed.length)} changed`];
  const cpu = becameCpuBound.length > 0 ? ` (${formatCount(becameCpuBound.length)} became CPU-bound)` : '';
  return {
    summary: `Endpoints: ${parts.join(', ')}${cpu}`,
    header: ['| Change | Endpoint | Kind | Recommendation | Months | Where |', '|---|---|---|---|---:|---|'],
    rows: ordered.map((row) => {
      const cells = [
        escapeCell(row.label),
        codeCell(describeEndpoint(row.endpoint)),
        escapeCell(row.kind),
        escapeCell(row.recommendation),
        escapeCell(row.months),
        renderLocation(row.endpoint, row.side, delta, links),
      ];
      return `| ${cells.join(' | ')} |`;
    }),
    more: (hidden) => `_${plural(hidden, 'more endpoint')} not shown; run \`gonogo diff\` for the full list._`,
  };
}

function buildDependencySection(dependencies: readonly DependencyAddition[]): CappedSection | null {
  if (dependencies.length === 0) return null;
  const unmapped = dependencies.filter(lacksGoEquivalent).length;
  // Stable sort: within a fit, the delta's own order (ecosystem, name) is kept.
  const rows = [...dependencies]
    .sort((a, b) => fitRank(a) - fitRank(b))
    .map((dependency) => {
      const go =
        dependency.go.length > 0
          ? `${dependency.go.map(codeCell).join(', ')} (${dependency.fit})`
          : escapeCell(dependency.fit === 'unmapped' ? 'not in the table' : 'none');
      const note = dependency.note ? escapeCell(dependency.note) : '';
      return `| ${codeCell(dependency.name)} | ${dependency.ecosystem} | ${go} | ${note} |`;
    });
  return {
    summary: `New dependencies: ${formatCount(dependencies.length)}${unmapped > 0 ? `, ${formatCount(unmapped)} without a known Go equivalent` : ''}`,
    header: ['| Package | Ecosystem | Go equivalent | Note |', '|---|---|---|---|'],
    rows,
    more: (hidden) => `_${plural(hidden, 'more dependency', 'more dependencies')} not shown._`,
  };
}

function fitRank(dependency: DependencyAddition): number {
  return { none: 0, unmapped: 1, 'different-api': 2, 'drop-in': 3 }[dependency.fit];
}

function buildDynamicFeatureSection(delta: Delta, links: SourceLinks | undefined): CappedSection | null {
  if (delta.dynamicFeatures.length === 0) return null;
  return {
    summary: `New dynamic features: ${formatCount(delta.dynamicFeatures.length)}`,
    header: [],
    rows: delta.dynamicFeatures.map(
      (feature) => `- ${code(feature.what)} (${feature.kind}) at ${renderLocation(feature, 'head', delta, links)}`,
    ),
    more: (hidden) => `_${plural(hidden, 'more dynamic feature')} not shown._`,
  };
}

function renderLocation(
  site: { file: string; line: number },
  side: 'base' | 'head',
  delta: Delta,
  links: SourceLinks | undefined,
): string {
  const text = `${site.file}:${site.line}`;
  const sha = delta.revisions?.[side].sha;
  if (!links || !sha) return codeCell(text);
  return `[${escapeLinkText(text)}](${buildBlobUrl(links, sha, site.file, site.line)})`;
}

/** `https://github.com/OWNER/REPO/blob/<sha>/<path>#L<line>`, each path segment percent-encoded. */
export function buildBlobUrl(links: SourceLinks, sha: string, file: string, line: number): string {
  const fullPath = links.pathPrefix === '' ? file : `${links.pathPrefix}/${file}`;
  const encodedPath = fullPath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join('/');
  return `${links.webUrl.replace(/\/+$/, '')}/${links.repository}/blob/${sha}/${encodedPath}#L${line}`;
}

function snapshotId(endpoint: EndpointSnapshot): string {
  return `${endpoint.method} ${endpoint.path} ${endpoint.file}:${endpoint.line}`;
}

/** Inline code that survives any content: the fence is longer than any backtick run inside. */
function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Inside a table even a code span must escape `|`, or GitHub splits the cell there. */
function codeCell(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}

function escapeText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|~#])/g, '\\$1');
}

function escapeCell(text: string): string {
  return escapeText(text);
}

function escapeLinkText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\[\]|`*_<>])/g, '\\$1');
}
