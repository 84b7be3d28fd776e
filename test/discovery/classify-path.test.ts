import { describe, expect, it } from 'vitest';
import {
  detectFileNameSkipReason,
  detectFolderSkipReason,
  detectLanguage,
  detectManifestKind,
  isTestPath,
} from '../../src/discovery/classify-path.js';

describe('detectLanguage', () => {
  it('maps each supported extension to its language and grammar', () => {
    const names = ['a.py', 'a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.d.ts'];
    expect(names.map((name) => [name, detectLanguage(name)])).toEqual([
      ['a.py', { language: 'python', grammar: 'python' }],
      ['a.js', { language: 'javascript', grammar: 'javascript' }],
      ['a.mjs', { language: 'javascript', grammar: 'javascript' }],
      ['a.cjs', { language: 'javascript', grammar: 'javascript' }],
      ['a.jsx', { language: 'javascript', grammar: 'javascript' }],
      ['a.ts', { language: 'typescript', grammar: 'typescript' }],
      ['a.mts', { language: 'typescript', grammar: 'typescript' }],
      ['a.cts', { language: 'typescript', grammar: 'typescript' }],
      ['a.tsx', { language: 'typescript', grammar: 'tsx' }],
      ['a.d.ts', { language: 'typescript', grammar: 'typescript' }],
    ]);
  });

  it('leaves other extensions, upper-case extensions and bare dotfiles unsupported', () => {
    expect(['a.pyi', 'a.json', 'a.PY', 'Makefile', '.js', 'a.ts.bak'].map((name) => detectLanguage(name))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('isTestPath', () => {
  it('recognises test folders at any depth', () => {
    const paths = [
      'test/a.ts',
      'tests/a.py',
      'src/__tests__/a.tsx',
      'spec/a.js',
      'src/__mocks__/db.ts',
      'e2e/login.ts',
      'lib/testing/helpers.py',
      'services/api/tests/unit/x.py',
      'src/test-helpers/server.js',
      'pkg/test_utils/factories.py',
      'src/testutils/fake-db.ts',
    ];
    expect(paths.filter((p) => isTestPath(p))).toEqual(paths);
  });

  it('recognises test file names of pytest, Django, Jest, Vitest, Mocha and Nest', () => {
    const paths = [
      'test_api.py',
      'app/api_test.py',
      'conftest.py',
      'polls/tests.py',
      'src/a.test.ts',
      'src/a.spec.js',
      'src/a.e2e.ts',
      'src/app.e2e-spec.ts',
      'src/a.test.d.ts',
    ];
    expect(paths.filter((p) => isTestPath(p))).toEqual(paths);
  });

  it('does not mistake names that merely contain "test"', () => {
    const paths = [
      'src/latest.ts',
      'src/contest.py',
      'attest.py',
      'src/testing.ts',
      'src/tests.ts',
      'testimonials/page.tsx',
      'src/test.ts',
      'test_data.json.py.bak',
      'mytest_.py',
    ];
    expect(paths.filter((p) => isTestPath(p))).toEqual([]);
  });
});

describe('detectManifestKind', () => {
  it('recognises every manifest kind', () => {
    const cases: [string, string][] = [
      ['package.json', ''],
      ['tsconfig.json', ''],
      ['tsconfig.build.json', 'packages'],
      ['jsconfig.json', ''],
      ['requirements.txt', ''],
      ['requirements-dev.txt', 'api'],
      ['base.txt', 'requirements'],
      ['pyproject.toml', ''],
      ['setup.cfg', ''],
      ['Pipfile', ''],
      ['setup.py', ''],
      ['schema.prisma', 'prisma'],
    ];
    expect(cases.map(([name, parent]) => detectManifestKind(name, parent))).toEqual([
      'package.json',
      'tsconfig',
      'tsconfig',
      'tsconfig',
      'requirements',
      'requirements',
      'requirements',
      'pyproject',
      'setup.cfg',
      'pipfile',
      'setup.py',
      'prisma-schema',
    ]);
  });

  it('ignores look-alikes', () => {
    const cases: [string, string][] = [
      ['package-lock.json', ''],
      ['tsconfig.yaml', ''],
      ['notes.txt', 'docs'],
      ['requirements.in', ''],
      ['Pipfile.lock', ''],
      ['setup.py.orig', ''],
    ];
    expect(cases.map(([name, parent]) => detectManifestKind(name, parent))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('detectFolderSkipReason', () => {
  it('names the reason for every always-skipped folder', () => {
    const names = [
      '.git', '.hg', '.svn',
      'node_modules', 'bower_components', 'site-packages',
      '.venv', 'venv',
      '__pycache__', '.pytest_cache', '.mypy_cache', '.tox', '.next', '.nuxt', '.cache', 'coverage',
      'dist', 'build', 'out', '.output', 'target', 'lib-cov', 'mypkg.egg-info',
      'vendor', 'vendors', 'third_party', 'third-party', 'external',
      'src', 'lib', 'env', 'Dist', 'builds',
    ];
    expect(names.map((name) => detectFolderSkipReason(name))).toEqual([
      'vcs', 'vcs', 'vcs',
      'dependencies', 'dependencies', 'dependencies',
      'virtualenv', 'virtualenv',
      'cache', 'cache', 'cache', 'cache', 'cache', 'cache', 'cache', 'cache',
      'build-output', 'build-output', 'build-output', 'build-output', 'build-output', 'build-output', 'build-output',
      'vendored', 'vendored', 'vendored', 'vendored', 'vendored',
      undefined, undefined, undefined, undefined, undefined,
    ]);
  });
});

describe('detectFileNameSkipReason', () => {
  it('recognises minified, bundled and generated names', () => {
    const names = [
      'app.min.js', 'app.min.mjs', 'app.bundle.js',
      'user_pb2.py', 'user_pb2_grpc.py', 'user.pb.ts', 'user_pb.js', 'user_pb.d.ts', 'api.generated.ts',
      'admin.js', 'minimal.js', '.min.js', 'pb2.py', 'generated.ts',
    ];
    expect(names.map((name) => detectFileNameSkipReason(name))).toEqual([
      'minified', 'minified', 'vendored',
      'generated', 'generated', 'generated', 'generated', 'generated', 'generated',
      undefined, undefined, undefined, undefined, undefined,
    ]);
  });
});
