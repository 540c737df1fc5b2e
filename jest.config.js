// ESM jest: ts-jest compiles the TypeScript sources and tests as ES modules.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  // The tools scripts/setup.sh unpacks (two Node.js packages of one name among them) are no modules of the tests.
  modulePathIgnorePatterns: ['<rootDir>/.cache/'],
  testTimeout: 60000
}
