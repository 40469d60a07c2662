import { fileURLToPath } from 'node:url';

/**
 * Absolute paths of the repository, resolved from this file rather than from the working
 * directory, so `cdk synth` and the vitest suite (whose cwd may differ) find the same files.
 */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const repoPath = (...parts: string[]): string => [REPO_ROOT.replace(/\/$/, ''), ...parts].join('/');
