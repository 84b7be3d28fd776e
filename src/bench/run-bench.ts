import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate-corpus.js';

/**
 * `npm run bench [-- <path>] [-- --lines N]`: times gonogo on a large corpus beside the parse floor
 * and cloc, and prints figures (never pass/fail: targets are read by people, not asserted).
 */
const args = process.argv.slice(2);
const linesFlag = args.indexOf('--lines');
const targetLines = linesFlag >= 0 ? Number(args[linesFlag + 1]) : 1_000_000;
const given = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lines');
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
  maxRssMb: number;
  stages: Record<string, number>;
}

let corpus: string;
if (given) {
  corpus = path.resolve(given);
  console.log(`corpus: ${corpus} (given)`);
} else {
  corpus = path.join(tmpdir(), 'gonogo-bench-corpus');
  const generated = await generateCorpus(path.join(projectRoot, 'fixtures'), corpus, targetLines);
  console.log(`corpus: ${corpus} (generated: ${generated.copies} renamed copies of fixtures/, ${generated.files} files, ${generated.lines.toLocaleString('en-US')} lines)`);
}
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${workers} parser threads, node ${process.version}`);

function runChild(mode: 'floor' | 'analyze'): ChildResult {
  const run = spawnSync(process.execPath, [child, mode, corpus, String(workers)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${mode} run failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildResult;
}

// A warm-up run fills the page cache, so every measured run reads from memory alike.
runChild('floor');
const floor = runChild('floor');
const analyze = runChild('analyze');

let cloc: { seconds: number } | null = null;
if (spawnSync('cloc', ['--version'], { encoding: 'utf8' }).status === 0) {
  const started = performance.now();
  execFileSync('cloc', ['--quiet', '--exclude-dir=node_modules,dist,build,.git', corpus], { stdio: 'ignore', maxBuffer: 1 << 26 });
  cloc = { seconds: (performance.now() - started) / 1000 };
}

const perSecond = (seconds: number): string => Math.round(analyze.lines / seconds).toLocaleString('en-US');
const row = (name: string, seconds: number, rss: string, ratio: string): string => `  ${name.padEnd(22)}${seconds.toFixed(2).padStart(8)} s${perSecond(seconds).padStart(12)} lines/s${rss.padStart(12)}${ratio.padStart(14)}`;
console.log(`\n${analyze.files.toLocaleString('en-US')} files, ${analyze.lines.toLocaleString('en-US')} lines, ${analyze.endpoints.toLocaleString('en-US')} endpoints\n`);
console.log(`  ${'run'.padEnd(22)}${'wall'.padStart(10)}${'speed'.padStart(20)}${'peak RSS'.padStart(12)}${'vs analyze'.padStart(14)}`);
console.log(row('gonogo analyze', analyze.seconds, `${Math.round(analyze.maxRssMb)} MB`, '1.00×'));
console.log(row('parse floor', floor.seconds, `${Math.round(floor.maxRssMb)} MB`, `${(analyze.seconds / floor.seconds).toFixed(2)}× floor`));
console.log(cloc ? row('cloc', cloc.seconds, '', `${(cloc.seconds / analyze.seconds).toFixed(2)}× slower`) : '  cloc                  absent (apt-get install cloc to compare)');
console.log('\n  analyze stages (wall seconds):');
for (const [stage, ms] of Object.entries(analyze.stages)) console.log(`    ${stage.padEnd(16)}${(ms / 1000).toFixed(2).padStart(8)}`);
if (!existsSync(corpus)) console.log('corpus was removed during the run');
