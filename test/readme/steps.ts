import { codeBlocks } from './markdown';

/** One step of a README walk-through: who calls, the operation, and its variables with placeholders. */
export interface Step {
  /** The demo officer's role, or 'PUBLIC' for a call without a token to /public/graphql. */
  caller: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

/**
 * The steps of a section written as the README's "GraphQL by example" is: a paragraph naming the
 * caller (as `ROLE`, or as *the public*), a graphql block with one named operation, and at most one
 * json block of variables before the next operation.
 */
export function steps(markdown: string): Step[] {
  const result: Step[] = [];
  for (const block of codeBlocks(markdown)) {
    if (block.language === 'json') {
      const step = result.at(-1);
      if (!step || Object.keys(step.variables).length > 0) throw new Error(`Variables without their operation:\n${block.code}`);
      step.variables = JSON.parse(block.code) as Record<string, unknown>;
      continue;
    }
    if (block.language !== 'graphql') continue;
    const names = [...block.code.matchAll(/^(?:query|mutation)\s+(\w+)/gm)].map((match) => match[1] as string);
    if (names.length !== 1) throw new Error(`Expected one named operation, found ${names.length}:\n${block.code}`);
    const role = /\bas\s+`([A-Z_]+)`/i.exec(block.lead)?.[1];
    const caller = /\bas\s+\*the public\*/i.test(block.lead) ? 'PUBLIC' : role;
    if (!caller) throw new Error(`The paragraph before ${names[0]} names no caller:\n${block.lead}`);
    result.push({ caller, operationName: names[0] as string, query: block.code, variables: {} });
  }
  return result;
}

/**
 * The variables with each `"<field.path>"` replaced by that field of the latest earlier answer
 * that has it, as the README tells a reader to do (`nodes[0]` indexes a list).
 */
export function fillIn(variables: Record<string, unknown>, answers: readonly Record<string, unknown>[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      const placeholder = typeof value === 'string' ? /^<([\w.[\]]+)>$/.exec(value)?.[1] : undefined;
      if (!placeholder) return [name, value];
      for (const answer of [...answers].reverse()) {
        const found = pathValue(answer, placeholder);
        if (found !== undefined) return [name, found];
      }
      throw new Error(`No earlier answer has ${placeholder}`);
    }),
  );
}

/** The value at `a.b[0].c` in an answer, or undefined. */
export function pathValue(data: unknown, path: string): unknown {
  let current = data;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
