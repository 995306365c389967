/**
 * Public API of the transfer engine (what pages import).
 *
 *   const peer = await connectPeer({ credentials });          // app signaling, credential + ICE from the app
 *   // sender (the guest of a receive session): wait for the receiver to dial in
 *   const tx = createSender(null, input.files, { transferId, readWorkerUrl: '/assets/read-worker.js' });
 *   acceptConnections(peer, ({ channel }) => tx.attach(channel)); // also re-attaches after a drop
 *   tx.on('progress', (p) => …); await tx.done;
 *
 *   // receiver: dial the guest (again after a drop), store in OPFS
 *   const storage = await pickStorage({ opfsWorkerUrl: '/assets/opfs-worker.js' });
 *   const rx = createReceiver(null, storage);
 *   rx.attach((await dial(peer, guestPeerId)).channel);
 *   rx.on('file-done', async ({ index }) => save(await rx.getReceivedFile(index)));
 */

export { blocksOf } from './block-reader.ts';
export {
  type ChannelMessage,
  createMemoryChannelPair,
  type FrameChannel,
  fromDataChannel,
  fromDataConnection,
} from './channel.ts';
export type { CommonEvents, EndpointOptions, TransferResult, TransferResultFile } from './endpoint.ts';
export * from './errors.ts';
export { sha256OfBlob } from './hashing.ts';
export {
  acceptConnections,
  applyCredential,
  type ConnectPeerOptions,
  type CredentialSource,
  connectPeer,
  dial,
  type OpenConnection,
  type SignalingCredential,
} from './peer.ts';
export { type PickStorageOptions, pickStorage } from './pick-storage.ts';
export { type FileProgress, formatBytes, formatEta, type ProgressEvent, type ProgressFigures } from './progress.ts';
export { createReceiver, Receiver, type ReceiverEvents, type ReceiverOptions } from './receiver.ts';
export { probeRelay, type RelayVerdict } from './relay-probe.ts';
export {
  createSender,
  randomTransferId,
  Sender,
  type SenderEvents,
  type SenderOptions,
  type SendInput,
  toManifest,
} from './sender.ts';
export { Slots } from './slots.ts';
export { MemoryStorage, type ReceiveStorage, type StorageKind, type StoredFileState } from './storage.ts';
export { FsaStorage } from './storage-fsa.ts';
export { clearOpfsTransfers, OpfsStorage } from './storage-opfs.ts';
