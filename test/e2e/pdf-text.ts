// A PDF's text read back with pdf.js, for checking an exported report holds the figures and the
// Chinese headings. Chromium's PDF backend maps some Han glyphs that Noto CJK shares with radicals
// back to the Kangxi/CJK-radical code points (月 → ⽉ U+2F49, 页 → ⻚ U+2EDA): `fold` undoes that on
// both sides of a comparison (NFKC, and a few the radicals block has no NFKC mapping for).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const RADICALS: Record<string, string> = {
  '⻚': '页',
  '⻓': '长',
  '⻨': '麦',
  '⻛': '风',
  戶: '户',
};

export const fold = (text: string): string =>
  text.normalize('NFKC').replace(/[⻚⻓⻨⻛戶]/g, (c) => RADICALS[c] ?? c);

/** Every page's text, items joined with nothing (pdf.js splits runs at those glyphs), folded. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: pdf, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i += 1) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await doc.destroy();
  return fold(pages.join('\n'));
}
