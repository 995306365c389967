import { sameOriginPath } from '../../shared/same-origin-path.ts';
import { ApiError, api } from '../ui/api.ts';
import { $, onSubmit, pageData, showError } from '../ui/page.ts';
import { ownerT } from '../ui/words.ts';

const form = $('#login-form') as HTMLFormElement;
const error = $('.form__error', form);
const { next } = pageData<{ next: string }>();

onSubmit(form, async () => {
  const data = new FormData(form);
  const username = String(data.get('username') ?? '').trim();
  const password = String(data.get('password') ?? '');
  if (!username || !password) return showError(error, ownerT('owner.login.missing'));
  const button = $('button[type=submit]', form) as HTMLButtonElement;
  button.disabled = true;
  try {
    await api('POST', '/api/auth/login', { username, password });
    // The page data came from the URL: checked again here, so no value can send the browser to another site.
    location.href = sameOriginPath(next, '/p2p/receive');
  } catch (e) {
    showError(error, e instanceof ApiError ? e.message : ownerT('owner.login.failed'));
    button.disabled = false;
  }
});
