import { ApiError, api } from '../ui/api.ts';
import { $, initLoggedInPage, onSubmit, showError } from '../ui/page.ts';

const form = $('#password-form') as HTMLFormElement;
const error = $('.form__error', form);
const done = $('.alert--ok', form);

onSubmit(form, async () => {
  showError(done, null);
  const data = new FormData(form);
  const currentPassword = String(data.get('currentPassword') ?? '');
  const newPassword = String(data.get('newPassword') ?? '');
  if (!currentPassword) return showError(error, 'Enter your current password.');
  if (newPassword.length < 8) return showError(error, 'The new password needs at least 8 characters.');
  if (newPassword !== String(data.get('confirmPassword') ?? ''))
    return showError(error, 'The two new passwords are not the same.');
  try {
    await api('POST', '/api/account/password', { currentPassword, newPassword });
    showError(error, null);
    form.reset();
    showError(done, 'Your password is changed. Your other devices are logged out.');
  } catch (e) {
    showError(error, e instanceof ApiError ? e.message : 'Could not change the password.');
  }
});

await initLoggedInPage();
