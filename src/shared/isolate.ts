/**
 * A name (a person's, a file's, a label) inside a sentence, between Unicode's first strong isolate and pop
 * directional isolate: it takes the direction of its own first letter and keeps its order whatever the
 * direction around it, so "report-تقرير (2).pdf" is not reordered in an Arabic sentence. This is <bdi> for text
 * that holds no markup: a page's <title>, and the page scripts' messages, whose names src/client/ui/dom.ts
 * shows in <bdi> elements. Names never hold these two characters themselves (src/shared/unsafe-text.ts removes
 * them), so each pair marks exactly one name.
 */
export function isolate(name: string): string {
  return `\u2068${name}\u2069`;
}
