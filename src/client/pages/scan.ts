/**
 * `/scan`: read a QR code with the camera (only after the user presses "Start camera"), with the
 * browser's BarcodeDetector where there is one and the bundled jsQR decoder otherwise. A photo of the
 * code works too (no camera permission and no secure context needed).
 */
import * as jsqrModule from 'jsqr';
import { setText } from '../ui/dom.ts';
import { $ } from '../ui/page.ts';
import { t } from '../ui/words.ts';

type JsQr = typeof import('jsqr').default;
// jsQR ships a UMD bundle whose default export lands in different places depending on the bundler.
const jsQR: JsQr = (() => {
  const m = jsqrModule as unknown as { default?: unknown };
  const d = m.default as { default?: unknown } | undefined;
  return (typeof d === 'function' ? d : typeof d?.default === 'function' ? d.default : m) as JsQr;
})();

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorCtor = { new (opts: { formats: string[] }): Detector; getSupportedFormats?: () => Promise<string[]> };

const video = $('#video') as HTMLVideoElement;
const viewport = $('#viewport');
const startButton = $('#start-camera') as HTMLButtonElement;
const stopButton = $('#stop-camera') as HTMLButtonElement;
const statusEl = $('#scan-status');
const resultBox = $('#scan-result');
const resultLink = $('#result-link') as HTMLAnchorElement;

let stream: MediaStream | null = null;
let running = false;
const canvas = document.createElement('canvas');
const ctx = canvas.getContext('2d', { willReadFrequently: true });

async function makeDetector(): Promise<Detector | null> {
  const Ctor = (globalThis as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
  if (!Ctor) return null;
  try {
    const formats = (await Ctor.getSupportedFormats?.()) ?? ['qr_code'];
    return formats.includes('qr_code') ? new Ctor({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

function decodeWithJsQr(source: CanvasImageSource, width: number, height: number): string | null {
  if (!ctx || !width || !height) return null;
  // Scale large frames down: faster, and jsQR copes well with ~800 px.
  const scale = Math.min(1, 800 / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

/** What to do with a decoded text: follow a link of this app, show anything else. */
function found(text: string): void {
  stop();
  resultBox.hidden = false;
  let url: URL | null = null;
  try {
    url = new URL(text, location.href);
  } catch {
    url = null;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
    resultLink.href = url.href;
    resultLink.textContent = url.href;
    if (url.origin === location.origin) {
      setText(statusEl, t('scan.foundPhuppi'));
      const { href } = url;
      setTimeout(() => location.assign(href), 600);
    } else setText(statusEl, t('scan.foundOther'));
  } else {
    resultLink.removeAttribute('href');
    resultLink.textContent = text;
    setText(statusEl, t('scan.notLink'));
  }
}

async function start(): Promise<void> {
  resultBox.hidden = true;
  if (!navigator.mediaDevices?.getUserMedia) {
    setText(statusEl, window.isSecureContext ? t('scan.noCamera') : t('scan.httpsOnly'));
    ($('.scan__more') as HTMLDetailsElement).open = true;
    return;
  }
  startButton.disabled = true;
  setText(statusEl, t('scan.asking'));
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' } },
      audio: false,
    });
  } catch (e) {
    startButton.disabled = false;
    const denied = (e as Error).name === 'NotAllowedError';
    setText(statusEl, denied ? t('scan.denied') : t('scan.failed', { message: (e as Error).message }));
    ($('.scan__more') as HTMLDetailsElement).open = true;
    return;
  }
  video.srcObject = stream;
  viewport.hidden = false;
  startButton.hidden = true;
  stopButton.hidden = false;
  await video.play().catch(() => {});
  setText(statusEl, t('scan.looking'));
  running = true;
  const detector = await makeDetector();
  const tick = async () => {
    if (!running) return;
    try {
      let text: string | null = null;
      if (video.readyState >= 2) {
        if (detector) text = (await detector.detect(video))[0]?.rawValue ?? null;
        else text = decodeWithJsQr(video, video.videoWidth, video.videoHeight);
      }
      if (text) return found(text);
    } catch {
      /* a frame that could not be read: try the next */
    }
    setTimeout(() => requestAnimationFrame(() => void tick()), 120);
  };
  void tick();
}

function stop(): void {
  running = false;
  for (const track of stream?.getTracks() ?? []) track.stop();
  stream = null;
  video.srcObject = null;
  viewport.hidden = true;
  startButton.hidden = false;
  startButton.disabled = false;
  stopButton.hidden = true;
}

startButton.addEventListener('click', () => void start());
stopButton.addEventListener('click', () => {
  stop();
  setText(statusEl, t('scan.stopped'));
});

$('#photo-input').addEventListener('change', async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  setText(statusEl, t('scan.readingPhoto'));
  try {
    const bitmap = await createImageBitmap(file);
    const detector = await makeDetector();
    let text: string | null = null;
    if (detector) text = (await detector.detect(bitmap))[0]?.rawValue ?? null;
    text ??= decodeWithJsQr(bitmap, bitmap.width, bitmap.height);
    if (text) found(text);
    else setText(statusEl, t('scan.noCodeInPhoto'));
  } catch {
    setText(statusEl, t('scan.notImage'));
  }
});

window.addEventListener('pagehide', stop);
