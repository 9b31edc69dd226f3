// jest for every tier (unit, medium on real FerretDB + Redis, end to end). TypeScript runs as ESM through
// @swc/jest (NestJS decorators and their metadata included); `@huoban/core` resolves to its build, as in
// production, so `npm test` builds first. Tiers: HUOBAN_TEST_TIER=unit (default: core, api, worker, bot and the
// mini-program's pure modules) or e2e (test/src). Files run one at a time: they share the local services.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const tier = process.env.HUOBAN_TEST_TIER ?? 'unit';
const roots = {
  unit: [
    '<rootDir>/core/src',
    '<rootDir>/api/src',
    '<rootDir>/worker/src',
    '<rootDir>/bot/src',
    '<rootDir>/miniapp/src/utils',
    '<rootDir>/miniapp/src/services',
  ],
  e2e: ['<rootDir>/test/src'],
};

export default {
  rootDir: '.',
  roots: roots[tier],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.tsx?$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^@/(.*)$': '<rootDir>/miniapp/src/$1' },
  testEnvironment: '<rootDir>/scripts/jest-environment.mjs',
  testTimeout: Number(process.env.HUOBAN_TEST_TIMEOUT_MS ?? 300_000),
  maxWorkers: 1,
  cache: true,
  cacheDirectory: '<rootDir>/.data/jest-cache',
};
