/**
 * The element ids of the owner's pages: the form that opens a receive session (`receive-create`), the
 * owner's page of a receive session (`receive-owner`) and of a share (`share-owner`), and the parts they
 * share (the head with the status badge, the share card). The server views render these ids and the page
 * scripts find elements by these keys, so a renamed id cannot leave one side behind. The strings themselves
 * are also what the browser tests select, so they stay as they are.
 */

/** The head of an owner's session page and the share card (QR code, link, PIN, controls). */
export const SHARE_CARD_IDS = {
  card: 'share-card',
  qr: 'qr',
  url: 'share-url',
  copyUrl: 'copy-url',
  copyStatus: 'copy-status',
  pin: 'pin',
  pinLabel: 'pin-label',
  expiry: 'expiry-text',
  resetPin: 'reset-pin',
  cancelConfirm: 'cancel-confirm',
  cancelQuestion: 'cancel-question',
  cancelYes: 'cancel-yes',
  cancelNo: 'cancel-no',
  error: 'share-error',
  notifications: 'enable-notifications',
  liveStatus: 'live-status',
  announcer: 'announcer',
} as const;

/** `receive-owner`: the owner's page of a receive session. */
export const RECEIVE_OWNER_IDS = {
  ...SHARE_CARD_IDS,
  title: 'session-title',
  status: 'session-status',
  ended: 'session-ended',
  cardHeading: 'share-heading',
  cancel: 'cancel-session',
  guestsHeading: 'guests-heading',
  guestsEmpty: 'guests-empty',
  guestList: 'guest-list',
  filesHeading: 'files-heading',
  forgetFiles: 'forget-files',
  downloadAll: 'download-all',
  filesEmpty: 'files-empty',
  zipStatus: 'zip-status',
  fileList: 'file-list',
} as const;

/** `share-owner`: the owner's page of a share (compose, then the share, then the owner's shares). */
export const SHARE_OWNER_IDS = {
  ...SHARE_CARD_IDS,
  compose: 'compose',
  composeHeading: 'compose-heading',
  createForm: 'create-form',
  fileInput: 'file-input',
  folderInput: 'folder-input',
  dropzone: 'dropzone',
  chosenList: 'chosen-list',
  chosenSummary: 'chosen-summary',
  keepCopyBlock: 'keep-copy-block',
  keepCopy: 'keep-copy',
  keepCopyHint: 'keep-copy-hint',
  createShare: 'create-share',
  share: 'share',
  newShare: 'new-share',
  title: 'share-title',
  status: 'share-status',
  ended: 'share-ended',
  cardHeading: 'link-heading',
  cancel: 'cancel-share',
  offeredHeading: 'offered-heading',
  offeredSummary: 'offered-summary',
  filesMissing: 'files-missing',
  repickInput: 'repick-input',
  repickStatus: 'repick-status',
  copyProgress: 'copy-progress',
  offeredList: 'offered-list',
  recipientsHeading: 'recipients-heading',
  recipientsEmpty: 'recipients-empty',
  recipientList: 'recipient-list',
  sharesHeading: 'shares-heading',
  refreshShares: 'refresh-shares',
  sharesStatus: 'shares-status',
  shareList: 'share-list',
} as const;

/** `receive-create`: the form that opens a receive session, and the owner's receive sessions. */
export const RECEIVE_CREATE_IDS = {
  createHeading: 'create-heading',
  createForm: 'create-form',
  label: 'label',
  maxFiles: 'max-files',
  maxSize: 'max-size',
  maxSizeUnit: 'max-size-unit',
  sessionsHeading: 'sessions-heading',
  refreshSessions: 'refresh-sessions',
  sessionsStatus: 'sessions-status',
  sessionList: 'session-list',
} as const;
