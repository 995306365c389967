/**
 * Public API of the transfer engine (what pages import).
 *
 *   const peer = await connectPeer({ credentials });          // app signaling, credential + ICE from the app
 *   // sender (guest in reverse P2P): wait for the receiver to dial in
 *   const tx = createSender(null, input.files, { transferId });
 *   acceptConnections(peer, ({ channel }) => tx.attach(channel)); // also re-attaches after a drop
 *   tx.on('progress', (p) => …); await tx.done;
 *
 *   // receiver: dial the guest (again after a drop), store in OPFS
 *   const storage = await pickStorage({ opfsWorkerUrl: '/assets/opfs-worker.js' });
 *   const rx = createReceiver(null, storage);
 *   rx.attach((await dial(peer, guestPeerId)).channel);
 *   rx.on('file-done', async ({ index }) => save(await rx.getReceivedFile(index)));
 */
export { createSender, Sender, toManifest, randomTransferId, type SenderOptions, type SendInput, type SenderEvents } from './sender.ts';
export { createReceiver, Receiver, type ReceiverOptions, type ReceiverEvents } from './receiver.ts';
export type { CommonEvents, EndpointOptions, TransferResult, TransferResultFile } from './endpoint.ts';
export { fromDataChannel, fromDataConnection, createMemoryChannelPair, type FrameChannel, type ChannelMessage } from './channel.ts';
export { MemoryStorage, type ReceiveStorage, type StorageKind, type StoredFileState } from './storage.ts';
export { OpfsStorage, clearOpfsTransfers } from './storage-opfs.ts';
export { FsaStorage } from './storage-fsa.ts';
export { pickStorage, type PickStorageOptions } from './pick-storage.ts';
export {
  connectPeer,
  applyCredential,
  dial,
  acceptConnections,
  type ConnectPeerOptions,
  type CredentialSource,
  type PeerLink,
  type SignalingCredential,
} from './peer.ts';
export { formatBytes, formatEta, type ProgressEvent, type ProgressFigures, type FileProgress } from './progress.ts';
export { sha256OfBlob } from './hashing.ts';
export { Slots } from './slots.ts';
export * from './errors.ts';
