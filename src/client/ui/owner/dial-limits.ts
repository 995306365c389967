/** How much dialing one owner page does for guests it cannot yet trust (see guest-dialer.ts). */

/** Dials one page runs at once: each is an RTCPeerConnection, and ghosts can be registered by the dozen. */
export const MAX_CONCURRENT_DIALS = 4;
/** Failed dials in a row before a guest whose device never answered is retired (about a minute and a half). */
export const MAX_UNANSWERED_DIALS = 5;
