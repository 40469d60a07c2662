import { CHART_ASSET } from '#print/assets';
import type { HandlerName } from './lambda-build';

/**
 * Files copied beside a function's bundle (repository-relative source → file name), read at run
 * time: one table for CDK (infra/province-function.ts) and the bench (bench/bundle.ts).
 */
export const LAMBDA_ASSETS: Partial<Record<HandlerName, Record<string, string>>> = {
  // The dashboard inlines chart.js (functions/print/assets.ts reads it beside the bundle).
  print: { [`node_modules/chart.js/dist/${CHART_ASSET}`]: CHART_ASSET },
};
