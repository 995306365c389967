/**
 * Whether the TURN relay gives this browser a relayed address: an RTCPeerConnection of its own, relay-only,
 * gathers candidates once (nothing is sent to anyone). Under a relay-only policy a connection can open only
 * through that address, so a page that gets none can say why at once instead of waiting for a dial that
 * cannot succeed.
 */

/**
 * 'ok': a relayed address came; 'refused': the relay answered but refused the credential (a TURN error
 * such as 401, for a wrong shared secret or an expired credential); 'unreachable': no answer from any relay.
 */
export type RelayVerdict = 'ok' | 'refused' | 'unreachable';

/** Gathering stops on its own once every server answered or timed out; this bounds a silent relay. */
const PROBE_TIMEOUT_MS = 10_000;

/** TURN error codes that mean "the relay heard you and said no" (RFC 8656): 401, 403, 437, 441, 486. */
const isRefusal = (code: number) => code >= 400 && code < 500;

export function probeRelay(iceServers: RTCIceServer[], timeoutMs = PROBE_TIMEOUT_MS): Promise<RelayVerdict> {
  return new Promise((resolve) => {
    let refused = false;
    let pc: RTCPeerConnection;
    try {
      pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
    } catch {
      return resolve('unreachable'); // no usable TURN URL in the list
    }
    const finish = (verdict: RelayVerdict) => {
      clearTimeout(timer);
      pc.close();
      resolve(verdict);
    };
    const timer = setTimeout(() => finish(refused ? 'refused' : 'unreachable'), timeoutMs);
    pc.addEventListener('icecandidateerror', (event) => {
      if (isRefusal((event as RTCPeerConnectionIceErrorEvent).errorCode)) refused = true;
    });
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate?.type === 'relay' || / typ relay /.test(candidate?.candidate ?? '')) finish('ok');
      else if (candidate === null) finish(refused ? 'refused' : 'unreachable'); // gathering complete
    });
    // A data channel gives the offer something to gather candidates for.
    pc.createDataChannel('relay-probe');
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch(() => finish('unreachable'));
  });
}
