/**
 * The DOM ids of the theme switch every page carries in its header (src/server/views/layout.ts renders it,
 * src/client/theme/theme.ts wires it). Browser tests rely on the values: change a key freely, a value never.
 */
export const themeSwitchIds = {
  /** The label and select, hidden until the script can make the choice work. */
  container: 'theme-switch',
  select: 'theme-choice',
} as const;
