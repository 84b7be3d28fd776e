export type Language = 'python' | 'javascript' | 'typescript';

/** The grammar a file is parsed with: TSX and JSX need their own. */
export type Grammar = 'python' | 'javascript' | 'typescript' | 'tsx';

/** Why discovery passed over a file or folder; each is counted in the report. */
export const SKIP_REASONS = [
  'ignored',
  'vcs',
  'dependencies',
  'virtualenv',
  'cache',
  'build-output',
  'vendored',
  'generated',
  'minified',
  'binary',
  'too-large',
  'unreadable',
  'symlink-outside',
  'symlink-loop',
  'excluded',
  'unsupported',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface DiscoveredFile {
  /** Relative POSIX path from the repository root. */
  path: string;
  /** Absolute path on disk, used to read the file. */
  absolutePath: string;
  language: Language;
  grammar: Grammar;
  sizeBytes: number;
  /** Test code by the usual conventions (tests/, __tests__/, test_*.py, *.test.ts...). */
  isTest: boolean;
}

/** Manifest-like files that detectors and the estimate read (package.json, requirements...). */
export interface ManifestFile {
  path: string;
  absolutePath: string;
  kind: 'package.json' | 'tsconfig' | 'requirements' | 'pyproject' | 'setup.cfg' | 'pipfile' | 'setup.py' | 'prisma-schema';
}

export interface DiscoveryOptions {
  /** Absolute path of the repository root. */
  root: string;
  include: string[];
  exclude: string[];
  /** Files larger than this are skipped as 'too-large'. */
  maxFileBytes: number;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  manifests: ManifestFile[];
  skipped: Record<SkipReason, number>;
  /** Example paths per skip reason (first few, sorted), so a reader can check them. */
  skippedExamples: Partial<Record<SkipReason, string[]>>;
  warnings: { code: string; message: string; file?: string }[];
}
