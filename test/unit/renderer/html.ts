// Reading server-rendered markup in renderer tests (renderToStaticMarkup): which test ids are there,
// and the markup of one element.

export const testIds = (html: string): Set<string> => new Set([...html.matchAll(/data-testid="([^"]+)"/g)].map((m) => m[1]!));

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
