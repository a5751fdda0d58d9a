export * from './roles';
export * from './users';
export * from './audit-events';
export * from './data-connections';
export * from './catalog';
export * from './login-failures';
export * from './api-tokens';
export * from './health-checks';
