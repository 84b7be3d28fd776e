import type { Grammar, Language, ManifestFile, SkipReason } from './types.js';

/**
 * Decisions discovery can take from a name alone, without touching the disk.
 * Kept pure so each convention is tested on its own and the walk stays a loop of lookups.
 */

export interface LanguageInfo {
  language: Language;
  grammar: Grammar;
}

const LANGUAGE_BY_EXTENSION: ReadonlyMap<string, LanguageInfo> = new Map<string, LanguageInfo>([
  ['.py', { language: 'python', grammar: 'python' }],
  ['.js', { language: 'javascript', grammar: 'javascript' }],
  ['.mjs', { language: 'javascript', grammar: 'javascript' }],
  ['.cjs', { language: 'javascript', grammar: 'javascript' }],
  // tree-sitter-javascript parses JSX natively; only TypeScript needs a separate TSX grammar.
  ['.jsx', { language: 'javascript', grammar: 'javascript' }],
  ['.ts', { language: 'typescript', grammar: 'typescript' }],
  ['.mts', { language: 'typescript', grammar: 'typescript' }],
  ['.cts', { language: 'typescript', grammar: 'typescript' }],
  ['.tsx', { language: 'typescript', grammar: 'tsx' }],
]);

/** Language and grammar of a file name, or undefined when gonogo does not analyse it. */
export function detectLanguage(fileName: string): LanguageInfo | undefined {
  const dot = fileName.lastIndexOf('.');
  // A leading dot marks a hidden file (`.js` alone is a dotfile, not a script).
  if (dot <= 0) return undefined;
  return LANGUAGE_BY_EXTENSION.get(fileName.slice(dot));
}

/**
 * Folders skipped by name wherever they appear. Matched only against real directories:
 * a symbolic link with one of these names is handled as a link, so it is never followed.
 */
const FOLDER_SKIP_REASONS: ReadonlyMap<string, SkipReason> = new Map<string, SkipReason>([
  ['.git', 'vcs'],
  ['.hg', 'vcs'],
  ['.svn', 'vcs'],
  ['node_modules', 'dependencies'],
  ['bower_components', 'dependencies'],
  ['site-packages', 'dependencies'],
  ['.venv', 'virtualenv'],
  ['venv', 'virtualenv'],
  ['__pycache__', 'cache'],
  ['.pytest_cache', 'cache'],
  ['.mypy_cache', 'cache'],
  ['.ruff_cache', 'cache'],
  ['.tox', 'cache'],
  ['.next', 'cache'],
  ['.nuxt', 'cache'],
  ['.cache', 'cache'],
  ['.parcel-cache', 'cache'],
  ['.turbo', 'cache'],
  ['.nyc_output', 'cache'],
  ['coverage', 'cache'],
  ['dist', 'build-output'],
  ['build', 'build-output'],
  ['out', 'build-output'],
  ['.output', 'build-output'],
  ['target', 'build-output'],
  ['lib-cov', 'build-output'],
  ['vendor', 'vendored'],
  ['vendors', 'vendored'],
  ['third_party', 'vendored'],
  ['third-party', 'vendored'],
  ['external', 'vendored'],
]);

/** Why a directory is always skipped by its name, or undefined when it is walked. */
export function detectFolderSkipReason(folderName: string): SkipReason | undefined {
  const byName = FOLDER_SKIP_REASONS.get(folderName);
  if (byName) return byName;
  // setuptools metadata (`mypkg.egg-info/`) is produced by a build, never edited by hand.
  if (folderName.endsWith('.egg-info')) return 'build-output';
  return undefined;
}

/** The marker file virtualenv and `python -m venv` write at the top of every environment. */
export const VIRTUALENV_MARKER = 'pyvenv.cfg';

/** Version-control metadata, skipped whether it is a folder or a `.git` file (worktrees, submodules). */
export function isVcsName(name: string): boolean {
  return name === '.git' || name === '.hg' || name === '.svn';
}

const NAME_SKIP_RULES: readonly { suffix: string; reason: SkipReason }[] = [
  { suffix: '.min.js', reason: 'minified' },
  { suffix: '.min.mjs', reason: 'minified' },
  { suffix: '.min.cjs', reason: 'minified' },
  { suffix: '.bundle.js', reason: 'vendored' },
  { suffix: '.bundle.mjs', reason: 'vendored' },
  { suffix: '.bundle.cjs', reason: 'vendored' },
  // protoc and grpc-tools output names; nobody hand-writes files with these suffixes.
  { suffix: '_pb2.py', reason: 'generated' },
  { suffix: '_pb2_grpc.py', reason: 'generated' },
  { suffix: '.pb.ts', reason: 'generated' },
  { suffix: '_pb.js', reason: 'generated' },
  { suffix: '_pb.d.ts', reason: 'generated' },
  { suffix: '.generated.ts', reason: 'generated' },
  { suffix: '.generated.js', reason: 'generated' },
];

/** Skip reason a source file earns from its name alone (minified, bundled, generated). */
export function detectFileNameSkipReason(fileName: string): SkipReason | undefined {
  for (const rule of NAME_SKIP_RULES) {
    if (fileName.endsWith(rule.suffix) && fileName.length > rule.suffix.length) return rule.reason;
  }
  return undefined;
}

/**
 * The manifest kind of a file, if it is one. `parentName` is the name of the folder holding it,
 * so `requirements/base.txt` is recognised as well as `requirements-dev.txt`.
 */
export function detectManifestKind(fileName: string, parentName: string): ManifestFile['kind'] | undefined {
  switch (fileName) {
    case 'package.json':
      return 'package.json';
    case 'jsconfig.json':
      return 'tsconfig';
    case 'pyproject.toml':
      return 'pyproject';
    case 'setup.cfg':
      return 'setup.cfg';
    case 'Pipfile':
      return 'pipfile';
    case 'setup.py':
      return 'setup.py';
  }
  if (fileName.startsWith('tsconfig') && fileName.endsWith('.json')) return 'tsconfig';
  // Its generator blocks say where `prisma generate` writes the client the code imports.
  if (fileName.endsWith('.prisma')) return 'prisma-schema';
  if (fileName.endsWith('.txt') && (fileName.startsWith('requirements') || parentName === 'requirements')) {
    return 'requirements';
  }
  return undefined;
}

const TEST_FOLDERS: ReadonlySet<string> = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  '__mocks__',
  'e2e',
  'testing',
  // Shared test support code: fixtures builders, fake servers, helpers only tests import.
  'test-helpers',
  'test_helpers',
  'test-utils',
  'test_utils',
  'testutils',
]);

/** Test files by name: `test_x.py`, `x_test.py`, `conftest.py`, Django's `tests.py`, `x.test.ts`, `x.spec.js`, `x.e2e-spec.ts`. */
const TEST_FILE_PATTERN = /^(?:test_.+\.py|.+_test\.py|conftest\.py|tests\.py|.+\.(?:test|spec|e2e|e2e-spec)\..+)$/;

/** Whether a relative POSIX path is test code by the usual conventions of pytest, Jest, Vitest and Mocha. */
export function isTestPath(relativePath: string): boolean {
  const segments = relativePath.split('/');
  const fileName = segments.pop() ?? '';
  return segments.some((segment) => TEST_FOLDERS.has(segment)) || TEST_FILE_PATTERN.test(fileName);
}
