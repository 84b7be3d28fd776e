import { describe, expect, test } from 'vitest';
import { Ajv } from 'ajv';
import {
  ASSUMPTIONS_JSON_SCHEMA,
  DEFAULT_ASSUMPTIONS,
  resolveAssumptions,
} from '../../src/estimation/assumptions.js';
import { ConfigError } from '../../src/errors.js';

function rejection(overrides: Record<string, unknown>): string {
  try {
    resolveAssumptions(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveAssumptions', () => {
  test('no overrides gives the defaults, as a copy the caller may not mutate into the defaults', () => {
    const resolved = resolveAssumptions({});
    expect(resolved).toEqual(DEFAULT_ASSUMPTIONS);
    resolved.baseline.months.likely = 99;
    expect(DEFAULT_ASSUMPTIONS.baseline.months.likely).toBe(3);
    expect(Object.isFrozen(DEFAULT_ASSUMPTIONS.baseline.months)).toBe(true);
  });

  test('objects merge key by key, arrays replace', () => {
    const resolved = resolveAssumptions({
      baseline: { months: { high: 5 } },
      dynamicFeatures: { weights: { eval: 4 } },
      recommendation: { dataPackages: ['numpy'] },
    });
    expect(resolved.baseline).toEqual({ lines: 40_000, months: { low: 2, likely: 3, high: 5 } });
    expect(resolved.dynamicFeatures.weights.eval).toBe(4);
    expect(resolved.dynamicFeatures.weights.metaclass).toBe(3);
    expect(resolved.recommendation.dataPackages).toEqual(['numpy']);
  });

  test('negative months are rejected, naming the key', () => {
    expect(rejection({ baseline: { months: { low: -1 } } })).toBe(
      'Invalid assumptions: "assumptions.baseline.months.low" must be > 0 (got -1)',
    );
  });

  test('low above high is rejected, naming the key', () => {
    expect(rejection({ baseline: { months: { low: 5, likely: 6, high: 4 } } })).toBe(
      'Invalid assumptions: "assumptions.baseline.months.likely" (6) is above high (4); "assumptions.baseline.months.low" (5) is above high (4)',
    );
    expect(rejection({ baseline: { months: { low: 3.5 } } })).toBe(
      'Invalid assumptions: "assumptions.baseline.months.low" (3.5) is above likely (3)',
    );
  });

  test('an unknown key is rejected with the keys allowed there', () => {
    expect(rejection({ baseline: { mnths: { low: 1 } } })).toBe(
      'Invalid assumptions: unknown key "assumptions.baseline.mnths" (allowed here: lines, months)',
    );
    expect(rejection({ sizeExponant: 1.1 })).toMatch(/^Invalid assumptions: unknown key "assumptions.sizeExponant" \(allowed here: baseline, benefit, complexity, /);
  });

  test('a wrong type is rejected with the value received', () => {
    expect(rejection({ sizeExponent: 'big' })).toBe('Invalid assumptions: "assumptions.sizeExponent" must be number (got "big")');
    expect(rejection({ monteCarlo: { seed: 1.5 } })).toBe(
      'Invalid assumptions: "assumptions.monteCarlo.seed" must be integer (got 1.5)',
    );
  });

  test('every problem is listed, not only the first', () => {
    expect(rejection({ testEffortRatio: -0.5, infra: { pythonToGoSaving: 1.4 } })).toBe(
      'Invalid assumptions: "assumptions.testEffortRatio" must be >= 0 (got -0.5); "assumptions.infra.pythonToGoSaving" must be <= 1 (got 1.4)',
    );
  });

  test('dependency fit overrides are keyed by ecosystem and take only known fits', () => {
    expect(rejection({ dependencies: { fits: { 'npm:left-pad': 'perfect' } } })).toBe(
      'Invalid assumptions: "assumptions.dependencies.fits.npm:left-pad" must be one of drop-in, different-api, none (got "perfect")',
    );
    expect(rejection({ dependencies: { fits: { 'left-pad': 'none' } } })).toContain(
      '"assumptions.dependencies.fits.left-pad": keys must look like npm:name or pypi:name',
    );
  });
});

describe('ASSUMPTIONS_JSON_SCHEMA', () => {
  test('compiles under strict Ajv and accepts the complete defaults as an override', () => {
    const validate = new Ajv({ strict: true }).compile(ASSUMPTIONS_JSON_SCHEMA);
    expect(validate(structuredClone(DEFAULT_ASSUMPTIONS))).toBe(true);
    expect(validate({})).toBe(true);
  });

  test('lets a config loader name a wrong key', () => {
    const validate = new Ajv({ strict: true }).compile(ASSUMPTIONS_JSON_SCHEMA);
    expect(validate({ risk: { points: { luck: 5 } } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      instancePath: '/risk/points',
      keyword: 'additionalProperties',
      params: { additionalProperty: 'luck' },
    });
  });

  test('describes every default key, so none is unreachable from the config file', () => {
    const keysOf = (value: unknown, schema: Record<string, unknown>, path: string): string[] => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
      const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
      if (!properties) return [];
      return Object.entries(value).flatMap(([key, inner]) =>
        properties[key] ? keysOf(inner, properties[key]!, `${path}.${key}`) : [`${path}.${key}`],
      );
    };
    expect(keysOf(DEFAULT_ASSUMPTIONS, ASSUMPTIONS_JSON_SCHEMA, 'assumptions')).toEqual([]);
  });
});
