import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createSourceReader } from '../../src/review/source-reader.js';

let work: string;
let root: string;
beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'gonogo-source-'));
  root = path.join(work, 'repo');
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(root, 'src/a.js'), 'one\r\ntwo\nthree\n');
  writeFileSync(path.join(root, 'src/blob.bin'), Buffer.from([0x61, 0x00, 0x62]));
  writeFileSync(path.join(work, 'secret.txt'), 'outside the repository');
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

test('reads a repository file as lines, once', () => {
  const read = createSourceReader(root);
  const lines = read('src/a.js');
  expect(lines).toEqual(['one', 'two', 'three', '']);
  writeFileSync(path.join(root, 'src/a.js'), 'changed');
  expect(read('src/a.js')).toBe(lines);
});

test('gives null for missing and binary files and for paths that leave the root', () => {
  const read = createSourceReader(root);
  expect(read('src/missing.js')).toBeNull();
  expect(read('src/blob.bin')).toBeNull();
  expect(read('../secret.txt')).toBeNull();
  expect(read(path.join(work, 'secret.txt'))).toBeNull();
  expect(read('src')).toBeNull();
});
