/**
 * The DOM ids of the two guest pages (`receive-guest`: the guest sends into a receive session; `share-guest`:
 * the guest downloads a share). The server views write them and the page scripts look them up, both from
 * here, so a renamed id cannot leave one side behind. The strings themselves are part of the pages' outside
 * contract (browser tests and bookmarks of `#…` rely on them): change a key freely, a value never.
 */
export const guestPageIds = {
  // Both pages: the head, the page-wide alert, the PIN step and the transfer's status.
  expiryLine: 'expiry-line',
  expiresAt: 'expires-at',
  fatal: 'fatal',
  unsupported: 'unsupported',
  pinStep: 'pin-step',
  pinHeading: 'pin-heading',
  pin: 'pin',
  pinHint: 'pin-hint',
  pinMessage: 'pin-message',
  pinAccepted: 'pin-ok',
  filesStep: 'files-step',
  filesHeading: 'files-heading',
  transferStatus: 'transfer-status',
  transferWarning: 'transfer-warning',
  overallProgress: 'overall-progress',
  stopButton: 'stop-button',

  // receive-guest: choose files, send, see them arrive.
  sendForm: 'send-form',
  guestLimits: 'guest-limits',
  fileInput: 'file-input',
  folderButton: 'folder-button',
  dropzone: 'dropzone',
  chosenSummary: 'chosen-summary',
  chosenList: 'chosen-list',
  sendError: 'send-error',
  sendButton: 'send-button',
  transfer: 'transfer',
  transferHeading: 'transfer-heading',
  transferList: 'transfer-list',
  success: 'success',
  successHeading: 'success-heading',
  successText: 'success-text',
  successList: 'success-list',
  sendMore: 'send-more',

  // share-guest: the PIN, then the files listed by the share, saved one by one or as a ZIP.
  pinForm: 'pin-form',
  getFiles: 'get-files',
  filesSummary: 'files-summary',
  downloadList: 'download-list',
  downloadAll: 'download-all',
  zipStatus: 'zip-status',
} as const;
