/**
 * Just enough of Lambda event filtering to check our stream filter against real items: equality
 * and `exists`, which (as on AWS) only match leaf values. A test double for a rule that no local
 * emulator runs, not a full pattern engine.
 */

type Pattern = { [key: string]: Pattern | PatternValue[] };
type PatternValue = string | number | boolean | null | { exists: boolean };

export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    const value = isObject(event) ? event[key] : undefined;
    if (!Array.isArray(rule)) return matchesPattern(rule, value);
    return rule.some((expected) => matchesValue(expected, value));
  });
}

function matchesValue(expected: PatternValue, value: unknown): boolean {
  const isLeaf = value !== undefined && !isObject(value);
  if (isObject(expected) && 'exists' in expected) return expected.exists === isLeaf;
  return isLeaf && value === expected;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
