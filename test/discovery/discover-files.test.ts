import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discovery/discover-files.js';
import type { DiscoveryOptions, DiscoveryResult, SkipReason } from '../../src/discovery/types.js';
import { InputPathError } from '../../src/errors.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/discovery-basic', import.meta.url));

const temporaryDirs: string[] = [];

afterEach(async () => {
  for (const dir of temporaryDirs.splice(0)) {
    await rm(dir, { recursive: true, force: true });
  }
});

/** A fresh folder under the OS temp dir, by its real path so expected absolute paths compare equal. */
async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gonogo-discovery-'));
  temporaryDirs.push(dir);
  return realpath(dir);
}

async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [relativePath, content] of Object.entries(files)) {
    const absolutePath = path.join(root, relativePath);
    await mkdir(path.dirname(absolutePath), { recursive: true });
    await writeFile(absolutePath, content);
  }
}

async function discover(root: string, options: Partial<DiscoveryOptions> = {}): Promise<DiscoveryResult> {
  return discoverFiles({ root, include: [], exclude: [], maxFileBytes: 1_000_000, ...options });
}

/** The non-zero counts: comparing this exactly also asserts every other reason is zero. */
function countsOf(result: DiscoveryResult): Partial<Record<SkipReason, number>> {
  return Object.fromEntries(Object.entries(result.skipped).filter(([, count]) => count !== 0));
}

const pathsOf = (result: DiscoveryResult): string[] => result.files.map((file) => file.path);

describe('discoverFiles on the discovery-basic fixture', () => {
  it('lists the source files with their language, grammar, size and test flag', async () => {
    const result = await discover(FIXTURE);
    expect(result.files.map(({ absolutePath, ...rest }) => ({ ...rest, absolute: absolutePath }))).toEqual(
      [
        ['app/main.py', 'python', 'python', 105, false],
        ['app/worker_test.py', 'python', 'python', 35, true],
        ['setup.py', 'python', 'python', 60, false],
        ['src/__tests__/app.spec.tsx', 'typescript', 'tsx', 73, true],
        ['src/components/App.tsx', 'typescript', 'tsx', 56, false],
        ['src/config.cjs', 'javascript', 'javascript', 33, false],
        ['src/legacy.js', 'javascript', 'javascript', 53, false],
        ['src/routes/users.ts', 'typescript', 'typescript', 151, false],
        ['src/server.test.ts', 'typescript', 'typescript', 57, true],
        ['src/server.ts', 'typescript', 'typescript', 154, false],
        ['src/types.d.ts', 'typescript', 'typescript', 29, false],
        ['src/util.mjs', 'javascript', 'javascript', 36, false],
        ['src/widgets/Button.jsx', 'javascript', 'javascript', 63, false],
        ['tests/conftest.py', 'python', 'python', 14, true],
        ['tests/test_main.py', 'python', 'python', 85, true],
      ].map(([filePath, language, grammar, sizeBytes, isTest]) => ({
        path: filePath,
        language,
        grammar,
        sizeBytes,
        isTest,
        absolute: path.join(FIXTURE, filePath as string),
      })),
    );
  });

  it('collects the manifests, setup.py among them', async () => {
    const result = await discover(FIXTURE);
    expect(result.manifests.map(({ path: manifestPath, kind }) => [manifestPath, kind])).toEqual([
      ['package.json', 'package.json'],
      ['pyproject.toml', 'pyproject'],
      ['requirements.txt', 'requirements'],
      ['requirements/dev.txt', 'requirements'],
      ['setup.py', 'setup.py'],
      ['tsconfig.build.json', 'tsconfig'],
      ['tsconfig.json', 'tsconfig'],
    ]);
    expect(result.manifests[0]?.absolutePath).toBe(path.join(FIXTURE, 'package.json'));
  });

  it('counts every skipped file by reason, with sorted examples and no warnings', async () => {
    const result = await discover(FIXTURE);
    expect(countsOf(result)).toEqual({
      ignored: 3,
      cache: 2,
      'build-output': 1,
      vendored: 3,
      generated: 5,
      minified: 2,
      unsupported: 3,
    });
    expect(result.skippedExamples).toEqual({
      ignored: ['debug.log', 'local/', 'scratch/'],
      cache: ['__pycache__/', 'coverage/'],
      'build-output': ['dist/'],
      vendored: ['public/app.bundle.js', 'vendor/'],
      generated: ['app/models_pb2.py', 'app/schema.py', 'src/api.generated.ts', 'src/client.ts', 'src/proto/user.pb.ts'],
      minified: ['public/app.min.js', 'public/chart.js'],
      unsupported: ['.gitignore', '.gonogoignore', 'README.md'],
    });
    expect(result.warnings).toEqual([]);
  });

  it('returns the same result on every run', async () => {
    const [first, second] = await Promise.all([discover(FIXTURE), discover(FIXTURE)]);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

describe('discoverFiles ignore rules', () => {
  it('honours nested .gitignore files with negations, .gonogoignore and .git/info/exclude', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/info/exclude': 'private.py\n',
      '.gitignore': '*.gen.py\ngen/\n!gen/forced.py\n*.tmp.py\n/root-only.py\n',
      '.gonogoignore': 'docs-src/\n',
      'private.py': '',
      'root-only.py': '',
      'a.gen.py': '',
      'gen/x.py': '',
      'gen/forced.py': '',
      'docs-src/page.py': '',
      'other/gen/y.py': '',
      'sub/.gitignore': '!special.gen.py\n!gen/\nlocal.py\n/anchored.py\n',
      'sub/special.gen.py': '',
      'sub/other.gen.py': '',
      'sub/gen/kept.py': '',
      'sub/gen/c.tmp.py': '',
      'sub/local.py': '',
      'sub/deeper/local.py': '',
      'sub/deeper/anchored.py': '',
      'sub/anchored.py': '',
      'sub/root-only.py': '',
      'lib/.gitignore': 'keep.py\n',
      'lib/.gonogoignore': '*.py\n!keep.py\n',
      'lib/keep.py': '',
      'lib/drop.py': '',
    });
    const result = await discover(root);
    expect(pathsOf(result)).toEqual([
      'lib/keep.py',
      'sub/deeper/anchored.py',
      'sub/gen/kept.py',
      'sub/root-only.py',
      'sub/special.gen.py',
    ]);
    // gen/ holds two files: a folder git excludes cannot have a file re-included (!gen/forced.py).
    expect(countsOf(result)).toEqual({ ignored: 13, vcs: 2, unsupported: 5 });
    expect(result.skippedExamples.ignored).toEqual(['a.gen.py', 'docs-src/', 'gen/', 'lib/drop.py', 'other/gen/']);
    expect(result.skippedExamples.vcs).toEqual(['.git/']);
  });

  it('applies include and exclude globs to paths and folders, still collecting manifests', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      'package.json': '{}',
      'requirements.txt': 'flask\n',
      'README.md': '# x\n',
      'scripts/seed.py': '',
      'src/app.ts': '',
      'src/app.test.ts': '',
      'src/legacy/old.ts': '',
      'src/legacy/older.js': '',
      'src/legacy/notes.md': '',
      'services/api/main.py': '',
      'services/worker.py': '',
      'tools/package.json': '{}',
    });
    const result = await discover(root, {
      include: ['src/**', './services/api/'],
      exclude: ['**/*.test.ts', 'src/legacy', 'tools'],
    });
    expect(pathsOf(result)).toEqual(['services/api/main.py', 'src/app.ts']);
    expect(result.manifests.map((manifest) => manifest.path)).toEqual(['package.json', 'requirements.txt']);
    expect(countsOf(result)).toEqual({ excluded: 8 });
    expect(result.skippedExamples.excluded).toEqual([
      'README.md',
      'scripts/seed.py',
      'services/worker.py',
      'src/app.test.ts',
      'src/legacy/',
    ]);
  });
});

describe('discoverFiles always-skipped folders', () => {
  it('skips version control, dependencies, virtualenvs, caches, build output and vendored code, counting their files', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      '.gitignore': 'ignored-env/\n',
      'app.py': '',
      '.git/HEAD': '',
      '.git/config': '',
      '.hg/store/data': '',
      'sub/.git': 'gitdir: ../.git/worktrees/sub\n',
      'sub/module.py': '',
      'node_modules/express/index.js': '',
      'node_modules/express/package.json': '{}',
      'node_modules/.bin/express': '',
      'web/bower_components/jquery/jquery.js': '',
      'lib/python3.12/site-packages/six.py': '',
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/bin/python': '',
      'env/lib/python3.12/site-packages/requests/__init__.py': '',
      '.venv/bin/activate': '',
      'venv/lib/x.py': '',
      'ignored-env/pyvenv.cfg': '',
      'ignored-env/bin/python': '',
      '__pycache__/app.cpython-312.pyc': '',
      '.pytest_cache/v/cache/lastfailed': '{}',
      '.mypy_cache/3.12/app.json': '{}',
      '.tox/py312/log.txt': '',
      '.next/server/page.js': '',
      '.nuxt/app.js': '',
      '.cache/x': '',
      'coverage/lcov.info': '',
      'dist/index.js': '',
      'build/lib/a.py': '',
      'out/a.js': '',
      '.output/server.mjs': '',
      'target/x': '',
      'lib-cov/x.js': '',
      'vendor/a.py': '',
      'vendors/b.js': '',
      'third_party/c.py': '',
      'third-party/d.js': '',
      'external/e.ts': '',
    });
    const result = await discover(root);
    expect(pathsOf(result)).toEqual(['app.py', 'sub/module.py']);
    expect(countsOf(result)).toEqual({
      vcs: 4,
      dependencies: 5,
      virtualenv: 7,
      cache: 8,
      'build-output': 6,
      vendored: 5,
      unsupported: 1,
    });
    expect(result.skippedExamples.virtualenv).toEqual(['.venv/', 'env/', 'ignored-env/', 'venv/']);
    expect(result.skippedExamples.vcs).toEqual(['.git/', '.hg/', 'sub/.git']);
    expect(result.skippedExamples.dependencies).toEqual([
      'lib/python3.12/site-packages/',
      'node_modules/',
      'web/bower_components/',
    ]);
  });

  it('keeps at most five examples per reason, the first in byte order', async () => {
    const root = await makeTempDir();
    await writeTree(root, Object.fromEntries(['f7', 'f3', 'A', 'f1', 'f6', 'f2', 'f5', 'f4'].map((n) => [`${n}.md`, ''])));
    const result = await discover(root);
    expect(countsOf(result)).toEqual({ unsupported: 8 });
    expect(result.skippedExamples).toEqual({ unsupported: ['A.md', 'f1.md', 'f2.md', 'f3.md', 'f4.md'] });
  });

  it('sorts files by the bytes of their paths', async () => {
    const root = await makeTempDir();
    await writeTree(root, Object.fromEntries(['𝒳.py', 'ｚ.py', 'é.py', 'a/b.py', 'a.py', 'a-b.py', 'B.py'].map((n) => [n, ''])));
    const result = await discover(root);
    expect(pathsOf(result)).toEqual(['B.py', 'a-b.py', 'a.py', 'a/b.py', 'é.py', 'ｚ.py', '𝒳.py']);
  });
});

describe('discoverFiles content checks', () => {
  it('skips binary files and files over the size limit, reading sizes past the first 8 KB', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      'nul-early.py': Buffer.concat([Buffer.from('x = 1\n'), Buffer.from([0]), Buffer.from('y = 2\n')]),
      // The NUL lies past the 8 KB sample, so the file is read as text.
      'nul-late.py': Buffer.concat([Buffer.from('a = 1\n'.repeat(1400)), Buffer.from([0])]),
      'exact-limit.ts': 'a;\n'.repeat(3334).slice(0, 10_000),
      'over-limit.ts': 'a;\n'.repeat(3334).slice(0, 10_001),
      'empty.js': '',
    });
    const result = await discover(root, { maxFileBytes: 10_000 });
    expect(result.files.map((file) => [file.path, file.sizeBytes])).toEqual([
      ['empty.js', 0],
      ['exact-limit.ts', 10_000],
      ['nul-late.py', 8401],
    ]);
    expect(countsOf(result)).toEqual({ binary: 1, 'too-large': 1 });
    expect(result.skippedExamples).toEqual({ binary: ['nul-early.py'], 'too-large': ['over-limit.ts'] });
  });

  it('applies a size limit below the 8 KB sample', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'small.py': 'x = 1\n', 'big.py': 'x = 1\n'.repeat(20) });
    const result = await discover(root, { maxFileBytes: 100 });
    expect(pathsOf(result)).toEqual(['small.py']);
    expect(countsOf(result)).toEqual({ 'too-large': 1 });
  });

  it('skips minified JavaScript by name and by line lengths, never TypeScript', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      'wide-lines.js': `${'a'.repeat(400)}\n`.repeat(3),
      'long-line.js': `${'b'.repeat(2100)}\n${'x = 1;\n'.repeat(9)}`,
      'long-line-many.js': `${'b'.repeat(2100)}\n${'x = 1;\n'.repeat(30)}`,
      'small-one-line.js': 'c'.repeat(900),
      'wide-lines.ts': `${'a'.repeat(400)}\n`.repeat(3),
      'app.min.mjs': 'export{};',
      'vendor.min.js': 'var a;',
    });
    const result = await discover(root);
    expect(pathsOf(result)).toEqual(['long-line-many.js', 'small-one-line.js', 'wide-lines.ts']);
    expect(countsOf(result)).toEqual({ minified: 4 });
    expect(result.skippedExamples.minified).toEqual(['app.min.mjs', 'long-line.js', 'vendor.min.js', 'wide-lines.js']);
  });

  it('skips files with a generator header in their first five lines', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      'gen-at.py': '# @generated\nx = 1\n',
      'gen-go-style.ts': '// Code generated by tool. DO NOT EDIT.\nexport {};\n',
      'gen-dne.js': '/* DO NOT EDIT */\n',
      'gen-auto.py': '"""Auto-generated client."""\n',
      'gen-autogen.ts': '// This file was autogenerated by swagger\n',
      'gen-line5.py': '#!/usr/bin/env python\n\n\n\n# @generated\n',
      'gen-line6.py': '\n\n\n\n\n# @generated\n',
      'gen-late.py': `# ${'x'.repeat(1100)}\n# @generated\n`,
      'not-gen.py': '# do not edit this without asking Sam\n',
    });
    const result = await discover(root);
    expect(pathsOf(result)).toEqual(['gen-late.py', 'gen-line6.py', 'not-gen.py']);
    expect(countsOf(result)).toEqual({ generated: 6 });
  });
});

describe('discoverFiles symbolic links and special files', () => {
  it('never follows a link, tells links inside the root from links outside, and survives loops', async () => {
    const base = await makeTempDir();
    const repo = path.join(base, 'repo');
    await writeTree(base, {
      'outside/secret.py': 'TOKEN = "x"\n',
      'repo/src/app.py': 'print(1)\n',
    });
    await symlink('app.py', path.join(repo, 'src/link-to-app.py'));
    await symlink('..', path.join(repo, 'src/self'));
    await symlink('../../outside', path.join(repo, 'src/escape'));
    await symlink('../../outside/secret.py', path.join(repo, 'src/secret.py'));
    await symlink('missing.py', path.join(repo, 'src/dangling.py'));
    await symlink('pong', path.join(repo, 'src/ping'));
    await symlink('ping', path.join(repo, 'src/pong'));
    await symlink('../outside', path.join(repo, 'node_modules'));
    execFileSync('mkfifo', [path.join(repo, 'pipe.py')]);
    // The root itself is reached through a link: paths are relative to its real path.
    await symlink('repo', path.join(base, 'repo-link'));

    const result = await discover(path.join(base, 'repo-link'));
    expect(result.files).toEqual([
      {
        path: 'src/app.py',
        absolutePath: path.join(repo, 'src/app.py'),
        language: 'python',
        grammar: 'python',
        sizeBytes: 9,
        isTest: false,
      },
    ]);
    expect(countsOf(result)).toEqual({ 'symlink-loop': 4, 'symlink-outside': 3, unreadable: 1, unsupported: 1 });
    expect(result.skippedExamples).toEqual({
      'symlink-loop': ['src/link-to-app.py', 'src/ping', 'src/pong', 'src/self'],
      'symlink-outside': ['node_modules', 'src/escape', 'src/secret.py'],
      unreadable: ['src/dangling.py'],
      unsupported: ['pipe.py'],
    });
    expect(result.warnings).toEqual([
      {
        code: 'unreadable',
        file: 'src/dangling.py',
        message: 'The symbolic link src/dangling.py points to nothing (a broken link); skipped it.',
      },
    ]);
  });

  // Root reads through any permission bits, so an unreadable folder can only be made for other users.
  // The dangling link above covers 'unreadable' when the tests run as root.
  it.skipIf(process.getuid?.() === 0)('reports an unreadable folder and file with warnings and carries on', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'app.py': '', 'locked/hidden.py': '', 'locked.py': 'x = 1\n' });
    await chmod(path.join(root, 'locked'), 0o000);
    await chmod(path.join(root, 'locked.py'), 0o000);
    try {
      const result = await discover(root);
      expect(pathsOf(result)).toEqual(['app.py']);
      expect(countsOf(result)).toEqual({ unreadable: 2 });
      expect(result.warnings).toEqual([
        {
          code: 'unreadable',
          file: 'locked.py',
          message: 'Cannot read the file locked.py (EACCES: permission denied); skipped it.',
        },
        {
          code: 'unreadable',
          file: 'locked/',
          message: 'Cannot read the folder locked/ (EACCES: permission denied); skipped it.',
        },
      ]);
    } finally {
      await chmod(path.join(root, 'locked'), 0o755);
    }
  });

  it('throws InputPathError for a root that does not exist', async () => {
    const base = await makeTempDir();
    await expect(discover(path.join(base, 'missing'))).rejects.toThrow(InputPathError);
    await expect(discover(path.join(base, 'missing'))).rejects.toThrow(
      `Cannot resolve the repository folder ${path.join(base, 'missing')} (ENOENT: no such file or folder).`,
    );
  });
});
