import type { Command } from 'commander';
import { resolveAnalyzeOptions } from '../../config/resolve-options.js';
import { analyzeRepository } from '../../pipeline/analyze-repository.js';
import type { AnalysisResult } from '../../result/types.js';
import { reportJson } from '../../reporters/json-reporter.js';
import { reportMarkdown } from '../../reporters/markdown-reporter.js';
import { reportText } from '../../reporters/text-reporter.js';
import type { RiskLevel } from '../../config/types.js';
import { shouldUseColor, writeFileAtomic, writeStdout } from '../io.js';
import { createProgressDisplay } from '../progress.js';
import { readToolVersion } from '../version.js';
import { addAnalysisFlags, addFormatFlags, readOptionFlags } from './shared-flags.js';

const RISK_ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

export function registerAnalyzeCommand(program: Command): void {
  const command = program
    .command('analyze')
    .description('analyse a repository: endpoints, their I/O or CPU profile, and the cost of a Go rewrite')
    .argument('[path]', 'repository folder', '.')
    .option('--explain', 'show the estimate formula with every number filled in');
  addFormatFlags(addAnalysisFlags(command)).action(async (repo: string, raw: Record<string, unknown>) => {
    const { options, config } = await resolveAnalyzeOptions(repo, readOptionFlags(raw));
    const progress = createProgressDisplay(process.stderr, raw.quiet !== true);
    let result: AnalysisResult;
    try {
      ({ result } = await analyzeRepository(options, { onProgress: (p) => progress.update(p) }, readToolVersion()));
    } finally {
      progress.stop();
    }
    const format = raw.format as 'text' | 'json' | 'markdown';
    const output = raw.output as string | undefined;
    const explain = raw.explain === true;
    const text =
      format === 'json'
        ? reportJson(result)
        : format === 'markdown'
          ? reportMarkdown(result, { explain })
          : reportText(result, { color: output === undefined && shouldUseColor(process.stdout), explain });
    if (output !== undefined) await writeFileAtomic(output, text);
    else await writeStdout(text);
    const gate = config.gates?.failOnRisk;
    if (gate && result.risk && RISK_ORDER[result.risk.level] >= RISK_ORDER[gate]) {
      process.stderr.write(`gonogo: gate failed: regression risk is ${result.risk.level} (gates.failOnRisk: ${gate})\n`);
      process.exitCode = 1;
    }
  });
}
