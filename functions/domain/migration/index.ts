export * from './errors';
export * from './plan';
export * from './reassign';
export * from './successors';
