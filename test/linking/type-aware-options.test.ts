import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { addAnalysisFlags, readOptionFlags } from '../../src/cli/commands/shared-flags.js';
import { resolveAnalyzeOptions } from '../../src/config/resolve-options.js';
import { analyzeRepository } from '../../src/pipeline/analyze-repository.js';

const FIXTURE = path.resolve('fixtures/classify-ts-types-factory');
const scratch = mkdtempSync(path.join(tmpdir(), 'gonogo-type-aware-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function configFile(content: unknown): string {
  const file = path.join(scratch, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('the typeAware option', () => {
  it('is on by default, off with "typeAware": false in the config or with --no-type-aware, and validated', async () => {
    expect((await resolveAnalyzeOptions(FIXTURE, {})).options.typeAware).toBe(true);
    expect((await resolveAnalyzeOptions(FIXTURE, { config: configFile({ typeAware: false }) })).options.typeAware).toBe(false);
    expect((await resolveAnalyzeOptions(FIXTURE, { config: configFile({ typeAware: true }), noTypeAware: true })).options.typeAware).toBe(false);
    await expect(resolveAnalyzeOptions(FIXTURE, { config: configFile({ typeAware: 'no' }) })).rejects.toThrow('"typeAware" must be boolean');

    const parse = (args: string[]) => readOptionFlags(addAnalysisFlags(new Command()).exitOverride().parse(args, { from: 'user' }).opts());
    expect(parse(['--no-type-aware'])).toEqual({ noTypeAware: true });
    expect(parse([])).toEqual({});
  });

  it('turns the checker off in the pipeline: the facts alone leave the factory-made service unresolved', async () => {
    const evidence = async (typeAware: boolean) => {
      const { options } = await resolveAnalyzeOptions(FIXTURE, { workers: 0, noReview: true, ...(typeAware ? {} : { noTypeAware: true }) });
      const { result } = await analyzeRepository(options);
      return result.endpoints.map((e) => [e.method, e.path, e.classification.kind, e.classification.evidence.map((v) => `${v.signal} ${v.file}:${v.line}`)]);
    };
    expect(await evidence(false)).toEqual([
      ['POST', '/customers/:id/invoices', 'io', []],
      ['GET', '/customers/:id/totals', 'io', []],
    ]);
    expect(await evidence(true)).toEqual([
      ['POST', '/customers/:id/invoices', 'io', ['npm:pg src/invoices/invoice-repository.ts:44']],
      ['GET', '/customers/:id/totals', 'io', ['node:Array.sort src/invoices/invoice-service.ts:21', 'npm:pg src/invoices/invoice-repository.ts:31']],
    ]);
  });
});
