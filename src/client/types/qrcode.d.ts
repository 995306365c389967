/**
 * The part of `qrcode`'s browser build (its package.json "browser" field) that the client uses. tsconfig.client.json
 * maps `qrcode` here because `@types/qrcode` also describes the Node build and starts with
 * `/// <reference types="node" />`: through it, every Node global (`process`, `Buffer`, …) would type-check in
 * browser code.
 */
export interface QrSvgOptions {
  type: 'svg';
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone around the code, in modules. */
  margin?: number;
  color?: { dark?: string; light?: string };
}

declare const QRCode: {
  toString(text: string, options: QrSvgOptions): Promise<string>;
};
export default QRCode;
