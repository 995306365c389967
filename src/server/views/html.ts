/** Markup that is already safe; everything else interpolated into `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template for server-rendered pages: guest-supplied text can never become markup. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * A translated sentence with markup in some of its placeholders ("Link valid until {{time}}" with a <time>
 * element): `translate` is called with a marker for each, the text is escaped, then each marker becomes its markup.
 */
export function withMarkup(
  translate: (vars: Record<string, string>) => string,
  markup: Record<string, SafeHtml>,
): SafeHtml {
  const marker = (name: string) => `\u0000${name}\u0000`;
  let out = escapeHtml(translate(Object.fromEntries(Object.keys(markup).map((name) => [name, marker(name)]))));
  for (const [name, value] of Object.entries(markup)) out = out.split(marker(name)).join(value.value);
  return new SafeHtml(out);
}
