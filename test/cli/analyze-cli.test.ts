import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const schema = JSON.parse(readFileSync('schema/analysis-result.schema.json', 'utf8')) as object;

function tempRepo(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'gonogo-cli-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('gonogo analyze (spawned)', () => {
  it('prints a JSON report that validates against the shipped schema, byte-identical across runs', () => {
    const first = runCli(['analyze', 'fixtures/demo-shop', '--format', 'json', '--quiet']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout) as { schemaVersion: number; repository: string };
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(json.schemaVersion).toBe(1);
    expect(json.repository).toBe('demo-shop');
    const second = runCli(['analyze', 'fixtures/demo-shop', '--format', 'json', '--quiet', '--workers', '0']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('measures a file with a syntax error and names the line of its first error', () => {
    const root = tempRepo({ 'app.py': 'def ok():\n    return 1\n\ndef broken(:\n    pass\n' });
    const run = runCli(['analyze', root, '--format', 'json', '--quiet']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { files: { path: string; code: number; syntaxErrorLine?: number }[]; diagnostics: { code: string; file?: string; line?: number }[] };
    expect(result.files).toEqual([expect.objectContaining({ path: 'app.py', code: 4, syntaxErrorLine: 4 })]);
    expect(result.diagnostics.filter((d) => d.code === 'syntax-error')).toEqual([expect.objectContaining({ file: 'app.py', line: 4 })]);
  });

  it('counts binary, oversized and minified files as skipped instead of parsing them', () => {
    const root = tempRepo({
      'ok.js': 'module.exports = 1;\n',
      'blob.js': Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]),
      'huge.py': `x = 1\n${'y = 2\n'.repeat(400)}`,
      'lib.min.js': `var a=1;${'b();'.repeat(50)}\n`,
    });
    const run = runCli(['analyze', root, '--format', 'json', '--quiet', '--max-file-size', '1']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { files: { path: string }[]; skipped: Record<string, number> };
    expect(result.files.map((f) => f.path)).toEqual(['ok.js']);
    expect(result.skipped).toMatchObject({ binary: 1, 'too-large': 1, minified: 1 });
  });

  it('reports an empty repository and exits 0', () => {
    const root = tempRepo({ 'README.md': '# nothing here\n' });
    const run = runCli(['analyze', root]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No Python, JavaScript or TypeScript files found: nothing to estimate.');
  });

  it.each([
    [['analyze', 'no/such/folder'], 'gonogo: no/such/folder: no such file or directory\n'],
    [['analyze', 'package.json'], 'gonogo: package.json: not a directory (gonogo analyzes a repository folder)\n'],
    [['analyze', 'package.json/inside'], 'gonogo: package.json/inside: cannot access (ENOTDIR)\n'],
    [['analyze', '.', '--workers', 'two'], 'gonogo: --workers takes a whole number (got "two")\n'],
    [['analyze', '.', '--max-file-size', '0'], 'gonogo: --max-file-size takes a whole number from 1 (got "0")\n'],
  ])('exits 2 with one clear line for %j', (args, message) => {
    const run = runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe('');
  });

  it('names the unknown or mistyped config key', () => {
    const unknown = tempRepo({ 'gonogo.config.json': '{ "workerz": 2 }\n', 'a.py': 'x = 1\n' });
    expect(runCli(['analyze', unknown]).stderr).toBe('gonogo: gonogo.config.json: unknown key "workerz"\n');
    const mistyped = tempRepo({ 'gonogo.config.json': '{ "gates": { "failOnRisk": "extreme" } }\n', 'a.py': 'x = 1\n' });
    const run = runCli(['analyze', mistyped]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('gonogo: gonogo.config.json: "gates.failOnRisk" must be one of "low", "medium", "high"\n');
    const broken = tempRepo({ 'gonogo.config.json': '{\n  "workers": 2,\n}\n', 'a.py': 'x = 1\n' });
    expect(runCli(['analyze', broken]).stderr).toMatch(/^gonogo: gonogo\.config\.json: invalid JSON at line 3: /);
  });

  it('writes --output atomically and leaves nothing behind when it cannot', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'gonogo-out-'));
    const ok = runCli(['analyze', 'fixtures/demo-shop', '--format', 'markdown', '--output', path.join(out, 'report.md'), '--quiet']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toMatch(/^# gonogo report: demo-shop\n/);
    const failed = runCli(['analyze', 'fixtures/demo-shop', '--output', path.join(out, 'missing-dir', 'report.txt'), '--quiet']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(`gonogo: cannot write ${path.join(out, 'missing-dir', 'report.txt')}: ENOENT\n`);
    expect(readdirSync(out)).toEqual(['report.md']);
  });

  it('shows a stack trace only with --debug', () => {
    expect(runCli(['analyze', 'no/such/folder', '--debug']).stderr).toMatch(/^gonogo: no\/such\/folder: no such file or directory\nInputPathError: /);
  });
});
