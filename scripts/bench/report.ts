/**
 * The bench's markdown: sections of tables, each figure with the previous run's beside it (read from the
 * docs/bench-results.md being replaced: same section title up to its first " (", same row label, same column).
 */
import fs from 'node:fs';

type Previous = Map<string, string>;

const sectionKey = (heading: string) =>
  heading
    .replace(/^#+\s*/, '')
    .split(' (')[0]
    .trim();
const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
/** A cell as written, without the previous figure it carried. */
const bare = (cell: string) => cell.replace(/\s*\(was [^)]*\)/g, '').trim();

export function readPrevious(file: string): Previous {
  const previous: Previous = new Map();
  if (!fs.existsSync(file)) return previous;
  let section = '';
  let header: string[] | undefined;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('## ')) [section, header] = [sectionKey(line), undefined];
    else if (!line.startsWith('|')) header = undefined;
    else if (!header) header = cellsOf(line).map(bare);
    else if (!/^\|\s*-/.test(line)) {
      const cells = cellsOf(line).map(bare);
      cells.forEach((cell, i) => i > 0 && previous.set(`${section}\u0000${cells[0]}\u0000${header![i]}`, cell));
    }
  }
  return previous;
}

export class Report {
  private readonly lines: string[] = [];
  private section = '';

  constructor(private readonly previous: Previous) {}

  text(...lines: string[]) {
    this.lines.push(...lines);
  }

  heading(title: string, ...intro: string[]) {
    this.section = sectionKey(title);
    this.lines.push('', `## ${title}`, '', ...intro, ...(intro.length ? [''] : []));
  }

  /** A table; a numeric cell gets the previous figure beside it when there was one and it differs. */
  table(header: string[], rows: Array<Array<string | number>>, align = header.map((_, i) => (i ? 'r' : 'l'))) {
    this.lines.push(`| ${header.join(' | ')} |`, `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`);
    for (const row of rows) {
      const cells = row.map((value, i) => {
        const cell = String(value);
        const was = i > 0 ? this.previous.get(`${this.section}\u0000${row[0]}\u0000${header[i]}`) : undefined;
        return was && was !== cell && /\d/.test(cell) && /\d/.test(was) ? `${cell} (was ${was})` : cell;
      });
      this.lines.push(`| ${cells.join(' | ')} |`);
    }
    this.lines.push('');
  }

  toString() {
    return `${this.lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()}\n`;
  }
}

const sectionsOf = (markdown: string) => markdown.split(/^(?=## )/m);
const END_LINE = /^Load average at the end:.*$/m;

/**
 * A run of some sections (`--only`) merged into the file it replaces: its sections take the places of theirs, the
 * others are kept as they were, and the header says which are kept (measured by an earlier run).
 */
export function mergeSections(before: string, fresh: string): string {
  const [freshHead, ...freshSections] = sectionsOf(fresh.replace(END_LINE, '').trimEnd() + '\n\n');
  const [, ...oldSections] = sectionsOf(before.replace(END_LINE, '').trimEnd() + '\n\n');
  const byKey = new Map(freshSections.map((s) => [sectionKey(s.split('\n')[0]), s]));
  const kept: string[] = [];
  const sections = oldSections.map((old) => {
    const key = sectionKey(old.split('\n')[0]);
    const replacement = byKey.get(key);
    byKey.delete(key);
    if (!replacement) kept.push(key);
    return replacement ?? old;
  });
  const note = kept.length ? `Kept from the previous run, not re-measured by this one: ${kept.join('; ')}.\n` : '';
  const end = fresh.match(END_LINE)?.[0] ?? '';
  return `${freshHead.trimEnd()}\n${note}\n${[...sections, ...byKey.values()].join('').trimEnd()}\n\n${end}\n`;
}
