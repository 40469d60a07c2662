export * from './counters';
export * from './days';
export * from './figures';
export * from './fold';
export * from './ii06a';
export * from './index-766';
export * from './index-versions';
export * from './tracker';
