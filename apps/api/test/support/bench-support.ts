/**
 * The test fixtures the benchmarks share with the tests, imported as `@sluice/api/test-support`
 * (TypeScript source: the benchmarks run under tsx).
 */
export { hasMariadb, startMariadb } from './mariadb';
export { embeddingStub } from './embedding-stub';
