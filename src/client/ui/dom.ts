/**
 * A tiny element builder. Strings become text nodes (never markup), so names that come from a guest
 * can be shown safely anywhere; a name in them marked by `isolate` becomes a <bdi> that holds it as text.
 */

/** A name marked by `isolate` (src/shared/isolate.ts); its text is the group. */
const ISOLATED = /\u2068([^\u2068\u2069]*)\u2069/g;

/** `text` without the marks of `isolate`: for an attribute (an accessible name, say), which cannot hold a <bdi>. */
export function unmarked(text: string): string {
  return text.replace(ISOLATED, '$1');
}

/** `text` as text nodes, each name marked by `isolate` in a <bdi>. */
function textNodes(text: string): Node[] {
  // split() with a capture group: every odd part is an isolated name.
  return text
    .split(ISOLATED)
    .flatMap<Node>((part, i) => (i % 2 === 1 ? [h('bdi', {}, part)] : part ? [document.createTextNode(part)] : []));
}

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener);
    else if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string') for (const node of textNodes(child)) el.appendChild(node);
    else el.appendChild(typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Replace the children of `el`. */
export function replace(el: Node, ...children: (Child | Child[])[]): void {
  clear(el);
  append(el, children);
}

/** Set text only when it changed (keeps screen readers from re-announcing the same words). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== unmarked(text)) replace(el, text);
}
