import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyEndpoints } from '../../src/classification/classify-endpoints.js';
import { detectFixture } from '../helpers/detect-fixture.js';

/**
 * fixtures/demo-shop/EXPECTED.md records the label its authors intend for each endpoint
 * (issue 5's definitions). The classifier must agree on every row, kind and tags.
 */
interface IntendedLabel {
  row: number;
  method: string;
  path: string;
  file: string;
  kind: string;
  tags: string[];
}

function readIntendedLabels(): IntendedLabel[] {
  const text = readFileSync('fixtures/demo-shop/EXPECTED.md', 'utf8');
  const section = text.slice(text.indexOf('## Endpoints'), text.indexOf('## Mounts'));
  const labels: IntendedLabel[] = [];
  for (const line of section.split('\n')) {
    const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
    if (!/^\d+$/.test(cells[0] ?? '')) continue;
    labels.push({
      row: Number(cells[0]),
      method: cells[1]!,
      path: cells[2]!,
      file: cells[3]!.replace(/:\d+$/, ''),
      kind: cells[6]!,
      tags: cells[7] ? cells[7].split(',').map((t) => t.trim()).sort() : [],
    });
  }
  return labels;
}

describe('demo-shop labels', () => {
  it('match the labels the authors intended, row by row', async () => {
    const intended = readIntendedLabels();
    expect(intended).toHaveLength(33);
    const { endpoints, project } = await detectFixture('fixtures/demo-shop');
    const { classifications } = classifyEndpoints({ project, endpoints });
    const actual = intended.map((label) => {
      const index = endpoints.findIndex((e) => e.method === label.method && e.path === label.path && e.file === label.file);
      if (index < 0) return { row: label.row, kind: 'not detected', tags: [] as string[] };
      return { row: label.row, kind: classifications[index]!.kind, tags: [...classifications[index]!.tags].sort() };
    });
    expect(actual).toEqual(intended.map((label) => ({ row: label.row, kind: label.kind, tags: label.tags })));
  });

  it('shows the strongest evidence the EXPECTED table gives as the reason', async () => {
    const { endpoints, project } = await detectFixture('fixtures/demo-shop');
    const { classifications } = classifyEndpoints({ project, endpoints });
    const find = (method: string, path: string) => classifications[endpoints.findIndex((e) => e.method === method && e.path === path)]!;
    const report = find('GET', '/api/v1/reports/sales.pdf');
    expect(report.evidence.slice(0, 2).map((e) => [e.chain[e.chain.length - 1]!.name, e.file, e.line, e.weight, e.syncOnEventLoop])).toEqual([
      ['PDFDocument', 'services/api/src/reports/pdf-renderer.ts', 80, 4, true],
      ['gzipSync', 'services/api/src/services/report-service.ts', 41, 3, true],
    ]);
    // The register flow: two PostgreSQL round trips through one shared query helper count twice.
    const register = find('POST', '/api/v1/auth/register');
    expect(register.evidence.map((e) => [e.signal, e.weight])).toEqual([
      ['npm:bcrypt.hash', 5],
      ['npm:pg', 2],
    ]);
    expect(register.reason).toBe('both matter: CPU weight 5 (bcrypt.hash) beside I/O weight 2 (pool.query)');
    const batch = find('POST', '/api/batch-predict');
    expect(batch.evidence.filter((e) => e.offloaded).map((e) => e.chain[1]!.name)).toContain('score_batch (offloaded)');
  });
});
