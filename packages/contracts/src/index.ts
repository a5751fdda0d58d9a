export * from './permissions';
export * from './common';
export * from './auth';
export * from './users';
export * from './audit';
export * from './health';
export * from './connections';
export * from './connection-strings';
