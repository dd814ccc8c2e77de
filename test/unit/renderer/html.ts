// Reading server-rendered markup in renderer tests (renderToStaticMarkup): which test ids are
// there, the markup of one element, its text, and which controls have no accessible name.

export const testIds = (html: string): Set<string> =>
  new Set([...html.matchAll(/data-testid="([^"]+)"/g)].map((m) => m[1]!));

/** The markup of the element with this test id (up to its matching close tag). */
export function section(html: string, testId: string): string {
  const start = html.lastIndexOf('<', html.indexOf(`data-testid="${testId}"`));
  const name = /^<([a-z0-9]+)/.exec(html.slice(start))![1]!;
  const re = new RegExp(`<(/?)${name}\\b[^>]*>`, 'g');
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index + m[0].length);
  }
  return html.slice(start);
}

/** The markup's text, tags dropped and whitespace folded. */
export const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/** Every button, select, input and textarea has a name: its text, aria-label, or a <label for>. */
export function unnamedControls(html: string): string[] {
  const problems: string[] = [];
  const labelled = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]!));
  for (const match of html.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)) {
    if (!attr(match[1]!, 'aria-label') && text(match[2]!) === '')
      problems.push(`button ${match[1]}`);
  }
  for (const match of html.matchAll(/<(select|input|textarea)([^>]*)>/g)) {
    const id = attr(match[2]!, 'id');
    const wrapped = attr(match[2]!, 'type') === 'checkbox';
    if (!attr(match[2]!, 'aria-label') && !(id && labelled.has(id)) && !wrapped)
      problems.push(`${match[1]} ${match[2]}`);
  }
  return problems;
}
