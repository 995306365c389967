import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/** `/scan` — read a Phuppi link from a QR code with the camera (or a photo of it). */
export function scanPage(options: { user: User | null }): string {
  return page({
    title: 'Scan QR code',
    user: options.user,
    guest: !options.user,
    script: 'scan',
    body: html`<section class="card card--narrow scan">
      <h1>Scan QR code</h1>
      <p>Point the camera at the QR code on the other screen. The camera only starts when you press the button, and nothing leaves this phone.</p>
      <div class="scan__viewport" id="viewport" hidden>
        <video id="video" class="scan__video" playsinline muted></video>
        <div class="scan__frame" aria-hidden="true"></div>
      </div>
      <div class="button-row">
        <button type="button" class="button button--primary button--large" id="start-camera">Start camera</button>
        <button type="button" class="button" id="stop-camera" hidden>Stop camera</button>
      </div>
      <p class="scan__status" id="scan-status" role="status" aria-live="polite"></p>
      <div class="scan__result" id="scan-result" hidden>
        <p>Found: <a id="result-link" href=""></a></p>
      </div>
      <details class="scan__more">
        <summary>Camera not working?</summary>
        <p>Phones only allow the camera on secure (https) pages. You can still take a photo of the code:</p>
        <label class="button" for="photo-input">Take or choose a photo</label>
        <input type="file" id="photo-input" class="picker__input" accept="image/*" capture="environment">
        <p class="meta">Or type the link shown under the QR code into the address bar.</p>
      </details>
    </section>`,
  });
}
