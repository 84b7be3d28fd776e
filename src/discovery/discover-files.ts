import { closeSync, constants, fstatSync, openSync, readSync, type Dirent } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { InputPathError } from '../errors.js';
import {
  detectFileNameSkipReason,
  detectFolderSkipReason,
  detectLanguage,
  detectManifestKind,
  isTestPath,
  isVcsName,
  VIRTUALENV_MARKER,
  type LanguageInfo,
} from './classify-path.js';
import { comparePaths } from './compare-paths.js';
import { createIgnoreMatcher, rebaseIgnoreLines, type IgnoreMatcher } from './ignore-rules.js';
import { SNIFF_BYTES, sniffHeader } from './sniff-header.js';
import {
  SKIP_REASONS,
  type DiscoveredFile,
  type DiscoveryOptions,
  type DiscoveryResult,
  type ManifestFile,
  type SkipReason,
} from './types.js';

/** Files sniffed between two turns of the event loop (the sniff itself is synchronous; see sniffCandidates). */
export const SNIFF_FILES_PER_TURN = 256;

/** Example paths kept per skip reason. */
export const MAX_SKIPPED_EXAMPLES = 5;

/** Ignore files read in every folder; a folder's `.gonogoignore` comes last, so it overrides its `.gitignore`. */
const IGNORE_FILE_NAMES = ['.gitignore', '.gonogoignore'] as const;

/**
 * O_NONBLOCK: a file swapped for a FIFO after the folder was listed must not hang the open.
 * O_NOFOLLOW: a file swapped for a symbolic link must not lead the read outside the root.
 */
const SNIFF_OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

interface Candidate {
  path: string;
  absolutePath: string;
  info: LanguageInfo;
}

type Warning = DiscoveryResult['warnings'][number];
type PathMatcher = (relativePath: string) => boolean;

/**
 * Walks a repository and returns the Python, JavaScript and TypeScript files worth analysing,
 * the manifests detectors read, and a count of everything passed over and why.
 *
 * What the counts measure: every reason counts files, including the files inside a skipped
 * folder (a skipped `node_modules/` adds each file under it to 'dependencies'), because
 * "12,408 files of dependencies" tells a reader what was left out and "1 folder" does not.
 * Counting only lists those folders; nothing in them is opened. Three exceptions count
 * entries that cannot be looked into: a folder that cannot be listed ('unreadable', one
 * per folder), and symbolic links ('symlink-outside', 'symlink-loop', one per link).
 *
 * Precedence, first match wins: always-skipped folders by name, then ignore files
 * (.git/info/exclude < .gitignore < .gonogoignore, deeper folders over shallower ones, as in
 * git), then the exclude globs, then the include globs. A glob matches a file when it matches
 * the file's path or the path of any folder above it, so `src/legacy` excludes that folder.
 *
 * Symbolic links: the walk lists only real folders of the real root, so it already reaches
 * every real path inside the root, each once. A link whose target resolves inside the root
 * therefore leads to something the walk covers (a folder walked or skipped for a reason of
 * its own, or a file seen in its folder); following it would list files twice or loop, so it
 * counts as 'symlink-loop', the target reached a second time. This keeps the listing
 * independent of which of the two routes a parallel walk happens to take first. A link that
 * resolves outside the root counts as 'symlink-outside' and is never read.
 */
export async function discoverFiles(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const root = await resolveRoot(options.root);
  const walk = new TreeWalk(root, options);
  await walk.walkRoot();
  const files = await walk.sniffCandidates(options.maxFileBytes);
  return walk.buildResult(files);
}

async function resolveRoot(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch (error) {
    throw new InputPathError(`Cannot resolve the repository folder ${root} (${describeError(error)}).`, {
      cause: error,
    });
  }
}

class TreeWalk {
  private readonly rootPrefix: string;
  private readonly includes: PathMatcher | undefined;
  private readonly excludes: PathMatcher | undefined;
  private readonly counts = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<
    SkipReason,
    number
  >;
  private readonly examples = new Map<SkipReason, string[]>();
  private readonly warnings: Warning[] = [];
  private readonly manifests: ManifestFile[] = [];
  private readonly candidates: Candidate[] = [];

  constructor(
    private readonly root: string,
    options: DiscoveryOptions,
  ) {
    this.rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
    this.includes = compileGlobs(options.include);
    this.excludes = compileGlobs(options.exclude);
  }

  walkRoot(): Promise<void> {
    return this.walkFolder('', this.root, undefined, this.includes === undefined);
  }

  /**
   * Lists one folder and classifies its entries; sub-folders are walked concurrently.
   * `included` is true when the include globs match this folder or an ancestor (or there are none).
   */
  private async walkFolder(
    relativeDir: string,
    absoluteDir: string,
    parentRules: IgnoreMatcher | undefined,
    included: boolean,
  ): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(absoluteDir, { withFileTypes: true });
    } catch (error) {
      if (relativeDir === '') {
        throw new InputPathError(`Cannot read the repository folder ${absoluteDir} (${describeError(error)}).`, {
          cause: error,
        });
      }
      this.skipUnreadable(`${relativeDir}/`, 'folder', error);
      return;
    }
    // The root itself is analysed even if it is a virtualenv: the user asked for it.
    if (relativeDir !== '' && hasVirtualenvMarker(entries)) {
      this.skip('virtualenv', `${relativeDir}/`, await countFiles(absoluteDir, entries));
      return;
    }
    const rules = await this.loadIgnoreRules(relativeDir, absoluteDir, entries, parentRules);
    const parentName = path.posix.basename(relativeDir);
    const pending: Promise<void>[] = [];

    for (const entry of entries) {
      const name = entry.name;
      const relativePath = relativeDir === '' ? name : `${relativeDir}/${name}`;
      const absolutePath = absoluteDir + path.sep + name;

      if (entry.isDirectory()) {
        const reason = detectFolderSkipReason(name);
        if (reason) pending.push(this.skipFolder(relativePath, absolutePath, reason));
        else if (rules?.ignores(`${relativePath}/`)) pending.push(this.skipFolder(relativePath, absolutePath, 'ignored'));
        else if (this.excludes?.(relativePath)) pending.push(this.skipFolder(relativePath, absolutePath, 'excluded'));
        else {
          const folderIncluded = included || this.includes?.(relativePath) === true;
          pending.push(this.walkFolder(relativePath, absolutePath, rules, folderIncluded));
        }
        continue;
      }

      if (isVcsName(name)) {
        this.skip('vcs', relativePath);
        continue;
      }
      if (rules?.ignores(relativePath)) {
        this.skip('ignored', relativePath);
        continue;
      }
      if (this.excludes?.(relativePath)) {
        this.skip('excluded', relativePath);
        continue;
      }
      const fileIncluded = included || this.includes?.(relativePath) === true;
      if (entry.isSymbolicLink()) {
        if (fileIncluded) pending.push(this.classifySymlink(relativePath, absolutePath));
        else this.skip('excluded', relativePath);
        continue;
      }
      // FIFOs, sockets and devices are never opened: reading a FIFO would block forever.
      if (!entry.isFile()) {
        this.skip('unsupported', relativePath);
        continue;
      }
      // Manifests are collected even outside the include globs: include narrows the source
      // analysed, while detectors still need the root package.json to know the frameworks.
      const manifestKind = detectManifestKind(name, parentName);
      if (manifestKind) this.manifests.push({ path: relativePath, absolutePath, kind: manifestKind });
      if (!fileIncluded) {
        if (!manifestKind) this.skip('excluded', relativePath);
        continue;
      }
      const info = detectLanguage(name);
      if (!info) {
        if (!manifestKind) this.skip('unsupported', relativePath);
        continue;
      }
      const nameReason = detectFileNameSkipReason(name);
      if (nameReason) {
        this.skip(nameReason, relativePath);
        continue;
      }
      this.candidates.push({ path: relativePath, absolutePath, info });
    }
    await Promise.all(pending);
  }

  /**
   * Reads the first bytes of every candidate and keeps the ones worth parsing. The reads are
   * synchronous: for files the system has cached, an open, a read and a close on libuv's pool cost
   * several times their own work in round trips between threads (on 48K files, 2.7 s of CPU
   * against 1.7 s). The event loop still turns every SNIFF_FILES_PER_TURN files, so a progress
   * display keeps drawing.
   */
  async sniffCandidates(maxFileBytes: number): Promise<DiscoveredFile[]> {
    const kept: DiscoveredFile[] = [];
    const buffer = Buffer.allocUnsafe(SNIFF_BYTES);
    for (let index = 0; index < this.candidates.length; index++) {
      const file = this.sniffCandidate(this.candidates[index] as Candidate, buffer, maxFileBytes);
      if (file) kept.push(file);
      if ((index + 1) % SNIFF_FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return kept;
  }

  buildResult(files: DiscoveredFile[]): DiscoveryResult {
    const skippedExamples: DiscoveryResult['skippedExamples'] = {};
    for (const reason of SKIP_REASONS) {
      const examples = this.examples.get(reason);
      if (examples) skippedExamples[reason] = examples;
    }
    return {
      files: files.sort((a, b) => comparePaths(a.path, b.path)),
      manifests: this.manifests.sort((a, b) => comparePaths(a.path, b.path)),
      skipped: { ...this.counts },
      skippedExamples,
      warnings: this.warnings.sort(
        (a, b) =>
          comparePaths(a.file ?? '', b.file ?? '') || comparePaths(a.code, b.code) || comparePaths(a.message, b.message),
      ),
    };
  }

  private sniffCandidate(candidate: Candidate, buffer: Buffer, maxFileBytes: number): DiscoveredFile | undefined {
    let fd: number | undefined;
    let bytesRead: number;
    let sizeBytes: number;
    try {
      fd = openSync(candidate.absolutePath, SNIFF_OPEN_FLAGS);
      bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
      // A short read reached the end of the file, so it gave the size without another system call.
      sizeBytes = bytesRead < buffer.length ? bytesRead : fstatSync(fd).size;
    } catch (error) {
      this.skipUnreadable(candidate.path, 'file', error);
      return undefined;
    } finally {
      if (fd !== undefined) closeQuietly(fd);
    }
    if (sizeBytes > maxFileBytes) {
      this.skip('too-large', candidate.path);
      return undefined;
    }
    const contentReason = sniffHeader({
      sample: buffer.subarray(0, bytesRead),
      isJavaScript: candidate.info.language === 'javascript',
    });
    if (contentReason) {
      this.skip(contentReason, candidate.path);
      return undefined;
    }
    return {
      path: candidate.path,
      absolutePath: candidate.absolutePath,
      language: candidate.info.language,
      grammar: candidate.info.grammar,
      sizeBytes,
      isTest: isTestPath(candidate.path),
    };
  }

  /** See discoverFiles: a link is never followed, only resolved to tell inside from outside. */
  private async classifySymlink(relativePath: string, absolutePath: string): Promise<void> {
    let target: string;
    try {
      target = await realpath(absolutePath);
    } catch (error) {
      // ELOOP: the chain of links comes back to itself (a -> b -> a).
      const code = errorCode(error);
      if (code === 'ELOOP') {
        this.skip('symlink-loop', relativePath);
      } else if (code === 'ENOENT') {
        this.skip('unreadable', relativePath);
        this.warn(relativePath, `The symbolic link ${relativePath} points to nothing (a broken link); skipped it.`);
      } else {
        this.skipUnreadable(relativePath, 'symbolic link', error);
      }
      return;
    }
    const inside = target === this.root || target.startsWith(this.rootPrefix);
    this.skip(inside ? 'symlink-loop' : 'symlink-outside', relativePath);
  }

  /**
   * Skips a folder, counting the files under it. A folder pruned by ignore rules or globs
   * that turns out to hold a virtualenv is counted as one: venvs are usually git-ignored,
   * and 'virtualenv' says more than 'ignored'.
   */
  private async skipFolder(relativePath: string, absolutePath: string, reason: SkipReason): Promise<void> {
    const example = `${relativePath}/`;
    let entries: Dirent[];
    try {
      entries = await readdir(absolutePath, { withFileTypes: true });
    } catch {
      // Skipped either way, so its unreadability is no news; it still shows as one entry.
      this.skip(reason, example);
      return;
    }
    const checksForVenv = reason === 'ignored' || reason === 'excluded';
    const finalReason = checksForVenv && hasVirtualenvMarker(entries) ? 'virtualenv' : reason;
    this.skip(finalReason, example, await countFiles(absolutePath, entries));
  }

  private async loadIgnoreRules(
    relativeDir: string,
    absoluteDir: string,
    entries: readonly Dirent[],
    parentRules: IgnoreMatcher | undefined,
  ): Promise<IgnoreMatcher | undefined> {
    const sources: { absolutePath: string; relativePath: string; optional: boolean }[] = [];
    // .git/info/exclude holds the repository's private ignore rules, weaker than any .gitignore.
    if (relativeDir === '' && entries.some((entry) => entry.name === '.git' && entry.isDirectory())) {
      sources.push({
        absolutePath: path.join(absoluteDir, '.git', 'info', 'exclude'),
        relativePath: '.git/info/exclude',
        optional: true,
      });
    }
    for (const name of IGNORE_FILE_NAMES) {
      if (entries.some((entry) => entry.name === name && entry.isFile())) {
        sources.push({
          absolutePath: absoluteDir + path.sep + name,
          relativePath: relativeDir === '' ? name : `${relativeDir}/${name}`,
          optional: false,
        });
      }
    }
    if (sources.length === 0) return parentRules;
    const contents = await Promise.all(
      sources.map(async (source) => {
        try {
          return await readFile(source.absolutePath, 'utf8');
        } catch (error) {
          if (!(source.optional && errorCode(error) === 'ENOENT')) {
            this.warn(source.relativePath, `Cannot read ${source.relativePath} (${describeError(error)}); its rules were not applied.`);
          }
          return '';
        }
      }),
    );
    const lines = contents.flatMap((content) => rebaseIgnoreLines(content, relativeDir));
    return lines.length === 0 ? parentRules : createIgnoreMatcher(parentRules, lines);
  }

  private skipUnreadable(relativePath: string, what: string, error: unknown): void {
    this.skip('unreadable', relativePath);
    this.warn(relativePath, `Cannot read the ${what} ${relativePath} (${describeError(error)}); skipped it.`);
  }

  private warn(file: string, message: string): void {
    this.warnings.push({ code: 'unreadable', message, file });
  }

  /** Counts `count` files for a reason and keeps the first few example paths in byte order. */
  private skip(reason: SkipReason, example: string, count = 1): void {
    if (count === 0) return;
    this.counts[reason] += count;
    let examples = this.examples.get(reason);
    if (!examples) {
      examples = [];
      this.examples.set(reason, examples);
    }
    if (examples.length === MAX_SKIPPED_EXAMPLES) {
      if (comparePaths(example, examples[MAX_SKIPPED_EXAMPLES - 1] as string) >= 0) return;
      examples.pop();
    }
    const at = examples.findIndex((existing) => comparePaths(example, existing) < 0);
    examples.splice(at === -1 ? examples.length : at, 0, example);
  }
}

/** Closes a descriptor the sniff opened; a failed close loses nothing. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing was written through it.
  }
}

function hasVirtualenvMarker(entries: readonly Dirent[]): boolean {
  return entries.some((entry) => entry.name === VIRTUALENV_MARKER && !entry.isDirectory());
}

/** Counts the non-folder entries under a folder whose listing is already known. Links are counted, never followed. */
async function countFiles(absoluteDir: string, entries: readonly Dirent[]): Promise<number> {
  let files = 0;
  const subfolders: Promise<number>[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) subfolders.push(countFilesIn(absoluteDir + path.sep + entry.name));
    else files += 1;
  }
  for (const count of await Promise.all(subfolders)) files += count;
  return files;
}

async function countFilesIn(absoluteDir: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(absoluteDir, { withFileTypes: true });
  } catch {
    // Inside a folder skipped anyway: what cannot be listed cannot be counted, and is not worth a warning.
    return 0;
  }
  return countFiles(absoluteDir, entries);
}

/**
 * Globs match relative POSIX paths; `dot` lets `**` reach dot-folders like `.storybook/`.
 * Patterns are normalised so `./src/` and `src` mean the same folder.
 */
function compileGlobs(patterns: readonly string[]): PathMatcher | undefined {
  const normalised = patterns
    .map((pattern) => pattern.replace(/^(?:\.\/)+/, '').replace(/\/+$/, ''))
    .filter((pattern) => pattern !== '');
  return normalised.length === 0 ? undefined : picomatch(normalised, { dot: true });
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

const ERROR_DESCRIPTIONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a path component is not a folder',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  EAGAIN: 'not a regular file',
  EMFILE: 'too many open files',
};

/** A short, machine-independent description: Node's own messages embed absolute paths. */
function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  const description = ERROR_DESCRIPTIONS[code];
  return description ? `${code}: ${description}` : code;
}
