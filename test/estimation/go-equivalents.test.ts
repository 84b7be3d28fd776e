import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { indexGoEquivalents, loadGoEquivalents, packageKey, type GoEquivalentsFile } from '../../src/estimation/go-equivalents.js';

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as unknown;
const table = read('data/go-equivalents.json') as GoEquivalentsFile;

describe('data/go-equivalents.json', () => {
  test('validates against its JSON Schema', () => {
    const validate = new Ajv({ strict: true, allErrors: true }).compile(read('data/go-equivalents.schema.json') as object);
    expect(validate(table), JSON.stringify(validate.errors)).toBe(true);
  });

  test('the schema rejects a bad entry, naming the field', () => {
    const validate = new Ajv({ strict: true, allErrors: true }).compile(read('data/go-equivalents.schema.json') as object);
    const bad = { entries: [...table.entries, { ecosystem: 'npm', name: 'x', go: [], fit: 'different-api', note: 'no module' }] };
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toContain(
      `/entries/${table.entries.length}/go must NOT have fewer than 1 items`,
    );
  });

  test('holds at least 150 entries and no duplicate package', () => {
    expect(table.entries.length).toBeGreaterThanOrEqual(150);
    const keys = table.entries.map((e) => packageKey(e.ecosystem, e.name));
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  test('is sorted by ecosystem and name, so diffs stay readable', () => {
    const keys = table.entries.map((e) => `${e.ecosystem}:${e.name.toLowerCase()}`);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  test('covers the packages backends use most', () => {
    const index = indexGoEquivalents(loadGoEquivalents());
    const npm = ['express', 'fastify', 'koa', '@nestjs/core', '@nestjs/common', '@nestjs/typeorm', 'lodash', 'axios', 'pg', 'mysql2', 'mongoose', 'typeorm', '@prisma/client', 'prisma', 'sequelize', 'ioredis', 'bullmq', 'kafkajs', 'aws-sdk', '@aws-sdk/client-s3', 'jsonwebtoken', 'bcrypt', 'zod', 'joi', 'socket.io', 'ws', 'pdfkit', 'sharp', 'winston', 'pino'];
    const pypi = ['fastapi', 'flask', 'django', 'djangorestframework', 'sqlalchemy', 'pydantic', 'celery', 'requests', 'httpx', 'boto3', 'numpy', 'pandas', 'scikit-learn', 'torch', 'redis', 'psycopg2', 'Flask_SQLAlchemy'];
    expect(npm.filter((name) => !index.lookup('npm', name))).toEqual([]);
    expect(pypi.filter((name) => !index.lookup('pypi', name))).toEqual([]);
  });

  test('families resolve to their entry, exact names first', () => {
    const index = indexGoEquivalents(loadGoEquivalents());
    expect(index.lookup('npm', '@aws-sdk/client-dynamodb')?.name).toBe('@aws-sdk/*');
    expect(index.lookup('npm', 'lodash.merge')?.name).toBe('lodash.*');
    expect(index.lookup('npm', '@nestjs/core')?.name).toBe('@nestjs/core');
    expect(index.lookup('npm', '@nestjs/swagger')?.name).toBe('@nestjs/*');
    expect(index.lookup('npm', 'left-pad')).toBeUndefined();
  });

  test('knows the import roots of PyPI packages that differ from their names', () => {
    const index = indexGoEquivalents(loadGoEquivalents());
    expect(index.importRootsOf('scikit-learn')).toEqual(['sklearn']);
    expect(index.importRootsOf('Pillow')).toEqual(['PIL']);
    expect(index.importRootsOf('python-dotenv')).toEqual(['dotenv']);
    expect(index.importRootsOf('some-internal_pkg')).toEqual(['some_internal_pkg']);
  });
});
