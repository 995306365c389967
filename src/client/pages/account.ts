import { ApiError, api } from '../ui/api.ts';
import { $, initLoggedInPage, onSubmit, showError } from '../ui/page.ts';
import { ownerT } from '../ui/words.ts';

const form = $('#password-form') as HTMLFormElement;
const error = $('.form__error', form);
const done = $('.alert--ok', form);

onSubmit(form, async () => {
  showError(done, null);
  const data = new FormData(form);
  const currentPassword = String(data.get('currentPassword') ?? '');
  const newPassword = String(data.get('newPassword') ?? '');
  if (!currentPassword) return showError(error, ownerT('owner.account.current'));
  if (newPassword.length < 8) return showError(error, ownerT('owner.account.tooShort'));
  if (newPassword !== String(data.get('confirmPassword') ?? ''))
    return showError(error, ownerT('owner.account.mismatch'));
  try {
    await api('POST', '/api/account/password', { currentPassword, newPassword });
    showError(error, null);
    form.reset();
    showError(done, ownerT('owner.account.changed'));
  } catch (e) {
    showError(error, e instanceof ApiError ? e.message : ownerT('owner.account.failed'));
  }
});

await initLoggedInPage();
