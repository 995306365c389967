import { api, setCsrfToken } from './api.ts';
import { replace } from './dom.ts';

/** The JSON the server put on <body data-page>, for this page's script. */
export function pageData<T>(): T {
  return JSON.parse(document.body.dataset.page ?? 'null') as T;
}

/** Content-hashed URL of a built asset (for example a worker), from the manifest on <body data-assets>. */
export function assetUrl(name: string): string {
  const manifest = JSON.parse(document.body.dataset.assets ?? '{}') as Record<string, string>;
  const file = manifest[name];
  if (!file) throw new Error(`Unknown asset ${name}`);
  return `/assets/${file}`;
}

export function $(selector: string, root: ParentNode = document): HTMLElement {
  const element = root.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`Missing element ${selector}`);
  return element;
}

/** Fetches the logged-in user's CSRF token; wires the "Log out" button in the header. */
export async function initLoggedInPage(): Promise<{ id: number; username: string; isAdmin: boolean }> {
  const request = api<{ id: number; username: string; isAdmin: boolean; csrfToken: string }>('GET', '/api/auth/me');
  setCsrfToken(request.then((me) => me.csrfToken).catch(() => null));
  const me = await request;
  document.querySelector('[data-action="logout"]')?.addEventListener('click', async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    location.href = '/login';
  });
  return me;
}

export function showError(element: HTMLElement, message: string | null): void {
  replace(element, message ?? '');
  element.hidden = message === null;
}

/**
 * Handles `form`'s submit in script. Its submit buttons come from the server `disabled data-awaits-script`:
 * a tap before this module ran would submit the form natively — a reload that loses what was typed, with a
 * login form's password in the URL. They are enabled once the handler is on.
 */
export function onSubmit(form: HTMLFormElement, handler: (event: SubmitEvent) => void | Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void handler(event);
  });
  for (const button of form.querySelectorAll<HTMLButtonElement>('button[data-awaits-script]')) {
    button.removeAttribute('data-awaits-script');
    button.disabled = false;
  }
}
