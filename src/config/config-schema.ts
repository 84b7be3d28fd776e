/** JSON Schema of gonogo.config.json. Unknown keys are errors, so a typo never passes silently. */
export const CONFIG_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'gonogo.config.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    include: { type: 'array', items: { type: 'string', minLength: 1 } },
    exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
    maxFileSizeKb: { type: 'integer', minimum: 1, maximum: 1048576 },
    workers: { type: 'integer', minimum: 0, maximum: 256 },
    typeAware: { type: 'boolean' },
    // Validated by the estimation stage, which owns the assumptions and names a bad key precisely.
    assumptions: { type: 'object' },
    infra: {
      type: 'object',
      additionalProperties: false,
      properties: {
        monthlyCost: { type: 'number', exclusiveMinimum: 0 },
        servers: { type: 'integer', minimum: 1 },
      },
    },
    team: {
      type: 'object',
      additionalProperties: false,
      properties: { engineerMonthCost: { type: 'number', exclusiveMinimum: 0 } },
    },
    gates: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxMonthsIncrease: { type: 'number', minimum: 0 },
        failOnRisk: { enum: ['low', 'medium', 'high'] },
        failOnNewCpuEndpoints: { type: 'boolean' },
        failOnUnmappedDependencies: { type: 'boolean' },
      },
    },
    comment: {
      type: 'object',
      additionalProperties: false,
      properties: { behavior: { enum: ['update', 'new', 'delete-and-new'] } },
    },
  },
} as const;
