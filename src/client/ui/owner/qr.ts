import QRCode from 'qrcode';

/** Renders `text` as an SVG QR code inside `container` (an <svg> made by a well-kept QR library). */
export async function renderQr(container: HTMLElement, text: string, label: string): Promise<void> {
  const svg = await QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#111827', light: '#ffffff' },
  });
  // The library's own output (no guest text in it), parsed as SVG, not HTML.
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const el = doc.documentElement;
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  el.setAttribute('shape-rendering', 'crispEdges');
  container.replaceChildren(document.importNode(el, true));
}
