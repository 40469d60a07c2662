import { readFileSync } from 'node:fs';

/** A fenced code block of a markdown file, with the paragraph just before it. */
export interface CodeBlock {
  language: string;
  code: string;
  /** The last non-empty paragraph before the block that is not itself a code block. */
  lead: string;
}

/** A document of the repository, read as a newcomer reads it. */
export function readDoc(path: string): string {
  return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
}

/** The text of the `## heading` section, up to the next heading of the same level. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`No section "## ${heading}"`);
  const end = markdown.indexOf('\n## ', start + heading.length + 4);
  return markdown.slice(start, end < 0 ? undefined : end);
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /^( *)```(\w*)\n([\s\S]*?)^\1```$/gm;
  let lead = '';
  let last = 0;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    const between = markdown.slice(last, match.index).trim();
    if (between) lead = between.split(/\n\s*\n/).at(-1) ?? '';
    const indent = match[1]?.length ?? 0;
    const code = (match[3] ?? '')
      .split('\n')
      .map((line) => line.slice(indent))
      .join('\n')
      .trimEnd();
    blocks.push({ language: match[2] ?? '', code, lead });
    last = match.index + match[0].length;
  }
  return blocks;
}
