/**
 * The DOM ids of the language picker translated pages carry in their header (src/server/views/layout.ts renders
 * it; a guest page disables it while files move, since choosing reloads the page). Tests rely on the values.
 */
export const languageSwitchIds = {
  form: 'language-switch',
  select: 'language-choice',
  submit: 'language-submit',
} as const;
