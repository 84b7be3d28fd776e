import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate-corpus.js';
import type { AnalysisStats } from '../pipeline/types.js';

/**
 * `npm run bench [-- <path>] [-- --lines N] [-- --runs N] [-- --skip-analyze]`: times gonogo on a large
 * corpus beside the parse floor and cloc, and prints figures (never pass/fail: targets are read by
 * people, not asserted). Each mode runs --runs times (default 1) and its fastest run is shown.
 */
const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const targetLines = Number(valueOf('--lines') ?? 1_000_000);
const runs = Math.max(1, Number(valueOf('--runs') ?? 1));
const skipAnalyze = args.includes('--skip-analyze');
const given = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lines' && args[i - 1] !== '--runs');
const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../..');
const child = path.join(here, 'bench-child.js');
const workers = availableParallelism();

interface ChildResult {
  mode: string;
  files: number;
  lines: number;
  endpoints: number;
  seconds: number;
  userSeconds: number;
  systemSeconds: number;
  maxRssMb: number;
  stages: Record<string, number>;
  /** analyze modes: the call graph's and the type-aware resolution's figures. */
  callGraph?: AnalysisStats['callGraph'] | null;
  typeAware?: AnalysisStats['typeAware'] | null;
}

let corpus: string;
let generatedDir: string | null = null;
if (given) {
  corpus = path.resolve(given);
  console.log(`corpus: ${corpus} (given)`);
} else {
  // A folder of its own: two benches running at once must not rewrite each other's corpus mid-run.
  generatedDir = await mkdtemp(path.join(tmpdir(), 'gonogo-bench-'));
  corpus = path.join(generatedDir, 'corpus');
  const generated = await generateCorpus(path.join(projectRoot, 'fixtures'), corpus, targetLines);
  console.log(`corpus: ${corpus} (generated: ${generated.copies} renamed copies of fixtures/, ${generated.files} files, ${generated.lines.toLocaleString('en-US')} lines)`);
}
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${workers} parser threads, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine slows every run)`);

type Mode = 'floor' | 'pipeline' | 'analyze' | 'analyze-facts';

function runChild(mode: Mode): ChildResult {
  const run = spawnSync(process.execPath, [child, mode, corpus, String(workers)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${mode} run failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildResult;
}

function fastestOf(mode: Mode): ChildResult {
  let best: ChildResult | null = null;
  for (let i = 0; i < runs; i++) {
    const result = runChild(mode);
    if (!best || result.seconds < best.seconds) best = result;
  }
  return best!;
}

try {
  // A warm-up run fills the page cache, so every measured run reads from memory alike.
  runChild('floor');
  const floor = fastestOf('floor');
  const pipeline = fastestOf('pipeline');
  const analyze = skipAnalyze ? null : fastestOf('analyze');
  // The same analysis with calls resolved from the facts alone: what type-aware resolution costs.
  const analyzeFacts = skipAnalyze ? null : fastestOf('analyze-facts');

  let cloc: { seconds: number } | null = null;
  if (spawnSync('cloc', ['--version'], { encoding: 'utf8' }).status === 0) {
    const started = performance.now();
    execFileSync('cloc', ['--quiet', '--exclude-dir=node_modules,dist,build,.git', corpus], { stdio: 'ignore', maxBuffer: 1 << 26 });
    cloc = { seconds: (performance.now() - started) / 1000 };
  }

  const lines = pipeline.lines;
  const perSecond = (seconds: number): string => Math.round(lines / seconds).toLocaleString('en-US');
  const row = (name: string, seconds: number, cpu: string, rss: string, ratio: string): string =>
    `  ${name.padEnd(36)}${seconds.toFixed(2).padStart(8)} s${perSecond(seconds).padStart(10)} lines/s${cpu.padStart(9)}${rss.padStart(9)}  ${ratio}`;
  const cpuOf = (r: ChildResult): string => `${(r.userSeconds + r.systemSeconds).toFixed(2)} s`;
  const summary = analyze ? `, ${analyze.endpoints.toLocaleString('en-US')} endpoints` : '';
  console.log(`\n${pipeline.files.toLocaleString('en-US')} files, ${lines.toLocaleString('en-US')} lines${summary}\n`);
  console.log(`  ${'run'.padEnd(36)}${'wall'.padStart(10)}${'speed'.padStart(18)}${'CPU'.padStart(9)}${'peak RSS'.padStart(9)}  vs floor`);
  const vsFloor = (r: ChildResult): string => `${(r.seconds / floor.seconds).toFixed(2)}× (CPU ${((r.userSeconds + r.systemSeconds) / (floor.userSeconds + floor.systemSeconds)).toFixed(2)}×)`;
  console.log(row('parse floor (read + parse)', floor.seconds, cpuOf(floor), `${Math.round(floor.maxRssMb)} MB`, '1.00×'));
  console.log(row('pipeline (discovery+parse+measures)', pipeline.seconds, cpuOf(pipeline), `${Math.round(pipeline.maxRssMb)} MB`, vsFloor(pipeline)));
  if (analyze) console.log(row('gonogo analyze', analyze.seconds, cpuOf(analyze), `${Math.round(analyze.maxRssMb)} MB`, vsFloor(analyze)));
  if (cloc) {
    console.log(row('cloc', cloc.seconds, '', '', ''));
    console.log(`\n  cloc takes ${(cloc.seconds / pipeline.seconds).toFixed(2)}× the pipeline's time${analyze ? ` and ${(cloc.seconds / analyze.seconds).toFixed(2)}× analyze's` : ''}`);
  } else console.log('  cloc                  absent (apt-get install cloc to compare)');
  const stageLine = (stages: Record<string, number>): string =>
    Object.entries(stages)
      .map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(2)}`)
      .join(', ');
  console.log(`\n  floor stages (wall seconds): ${stageLine(floor.stages)}`);
  console.log(`  pipeline stages (wall seconds): ${stageLine(pipeline.stages)}`);
  if (analyze) console.log(`  analyze stages (wall seconds): ${stageLine(analyze.stages)}`);
  if (analyze && analyzeFacts) {
    console.log(row('gonogo analyze --no-type-aware', analyzeFacts.seconds, cpuOf(analyzeFacts), `${Math.round(analyzeFacts.maxRssMb)} MB`, vsFloor(analyzeFacts)));
    const graph = analyze.callGraph;
    if (graph) {
      console.log(
        `  call graph: ${graph.functions.toLocaleString('en-US')} functions, ${graph.edges.toLocaleString('en-US')} edges, ${graph.sinks.toLocaleString('en-US')} sinks; built in ${(graph.buildMs / 1000).toFixed(2)} s, walked in ${(graph.walkMs / 1000).toFixed(2)} s (parsing ${((analyze.stages.parsing ?? 0) / 1000).toFixed(2)} s)`,
      );
    }
    const types = analyze.typeAware;
    if (types?.created) {
      console.log(
        `  type-aware resolution: ${(types.ms / 1000).toFixed(2)} s; ${types.asked.toLocaleString('en-US')} calls asked in ${types.batches} batches, ${types.toFunctions} resolved to repository functions and ${types.toPackages} to package members or built-ins; ${types.files} repository and ${types.libraryFiles} package declaration files loaded`,
      );
      for (const note of types.capped) console.log(`    capped: ${note}`);
    } else console.log('  type-aware resolution: not needed (no JS/TS call left unknown by the facts)');
    console.log(`  type-aware on vs off: ${(analyze.seconds - analyzeFacts.seconds).toFixed(2)} s wall, ${Math.round(analyze.maxRssMb - analyzeFacts.maxRssMb)} MB peak RSS`);
  }
} finally {
  if (generatedDir) await rm(generatedDir, { recursive: true, force: true });
}
