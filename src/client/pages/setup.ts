import { ApiError, api } from '../ui/api.ts';
import { $, onSubmit, showError } from '../ui/page.ts';
import { ownerT } from '../ui/words.ts';

const form = $('#setup-form') as HTMLFormElement;
const error = $('.form__error', form);

onSubmit(form, async () => {
  const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
  try {
    await api('POST', '/api/setup', {
      setupCode: data.setupCode,
      username: data.username?.trim(),
      password: data.password,
    });
    location.href = '/p2p/receive';
  } catch (e) {
    showError(error, e instanceof ApiError ? e.message : ownerT('owner.setup.failed'));
  }
});
