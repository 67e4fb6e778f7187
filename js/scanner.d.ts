// Types for @greenlight/engine/scanner.
import type { VerifyContext, VerifyResult } from './index.js';

export interface Point {
  x: number;
  y: number;
}

/** Corners of the symbol in the input image's pixel coordinates. */
export interface Position {
  topLeft: Point;
  topRight: Point;
  bottomRight: Point;
  bottomLeft: Point;
}

/** One QR code read from an image. A plain object. */
export interface ScanResult {
  /** The content as text (no escaping: control characters such as GS stay as they are). */
  text: string;
  /** The raw content bytes. */
  bytes: Uint8Array;
  /** Always "QRCode" (only QR codes are looked for). */
  format: string;
  position: Position;
  /** Rotation of the symbol in degrees. */
  orientation: number;
  inverted: boolean;
  mirrored: boolean;
  /** Structured append: this symbol's place in a sequence; null when it is not part of one. */
  sequence: { size: number; index: number; id: string } | null;
  /** Which pass read it: the half-resolution first pass or the full-resolution one. */
  pass: 'downscaled' | 'full';
}

export interface ImageLike {
  /** RGBA, 4 bytes per pixel, rows top to bottom (as in ImageData). */
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

export interface ScanOptions {
  /**
   * First pass at 1/N resolution with ZXing's fast settings. 'auto' (default): 2 when the image's
   * shorter side is at least 400 pixels, else 1 (straight to the full-resolution pass).
   */
  downscale?: 'auto' | 1 | 2 | 3 | 4;
  /**
   * When the first pass reads nothing: 'likely' (default) reads the full-resolution image (with ZXing's
   * try-harder, rotate and invert settings) only when a QR finder pattern is likely; 'always' always
   * does; 'never' never does.
   */
  fullResolution?: 'likely' | 'always' | 'never';
  /** Look only inside this rectangle (a region of interest); positions stay in image coordinates. */
  region?: { x: number; y: number; width: number; height: number };
}

/**
 * Loads zxing-wasm's reader once (memoized). Its .wasm comes from this package (dist/zxing_reader.wasm),
 * never a CDN: from disk in node, next to this module in browsers, or from `wasmUrl` (first call only).
 */
export declare function initScanner(options?: {
  wasmUrl?: string | URL;
  wasmBinary?: ArrayBuffer | Uint8Array;
}): Promise<unknown>;

/** Reads the first QR code in the image; null when there is none. Works in a Web Worker. */
export declare function scanImageData(imageData: ImageLike, options?: ScanOptions): Promise<ScanResult | null>;

/** A cheap fingerprint of a frame (about 4,000 sampled pixels); createScanner skips repeats. */
export declare function frameChecksum(imageData: ImageLike): string;

/** The first pass's look for QR finder patterns in an 8-bit luminance image. */
export declare function finderPatternsLikely(gray: Uint8Array, width: number, height: number, needed?: number): boolean;

export interface ScannerResult {
  text: string;
  /** verifier.verify(text, context()). */
  result: VerifyResult;
  scan: ScanResult;
  /** clock() when it was decided (ms). */
  at: number;
}

export interface ScannerOptions {
  /** From createVerifier() of @greenlight/engine (anything with verify(text, context)). */
  verifier: { verify(text: string, context?: VerifyContext): VerifyResult };
  video: HTMLVideoElement;
  onResult: (result: ScannerResult) => void;
  onError?: (error: unknown) => void;
  /** Called for each decision: place, temperature, locale, now. */
  context?: () => VerifyContext;
  /**
   * A text read again within this many ms of its last reading is not decided again (default 3000): the
   * window slides, so a code held in view is decided once. Ignored when `dedupe` is given.
   */
  dedupeMs?: number;
  /** A de-duplicator from createDedupe, to share one window with another input (a keyboard wedge) or clear it. */
  dedupe?: Dedupe;
  /** Frames are read only while this returns true (e.g. not while a dialog covers the page). Default: always. */
  active?: () => boolean;
  /**
   * Decode off the main thread: true starts this module as a module Web Worker; or pass your own Worker
   * running this module (named 'greenlight-scanner'). Default false: decode on the calling thread.
   */
  worker?: boolean | Worker;
  scanOptions?: ScanOptions;
  /** Skip a frame whose frameChecksum equals the previous frame's (default true). */
  skipUnchanged?: boolean;
  /** Where zxing_reader.wasm is served on your origin (passed to initScanner). */
  wasmUrl?: string | URL;
  /** Milliseconds clock used for de-duplication (default Date.now). */
  clock?: () => number;
}

/** Texts read within a sliding window (createScanner's de-duplication). */
export interface Dedupe {
  /** True when `text` was read less than windowMs before `at` (ms, default Date.now()); records this reading either way. */
  isDuplicate(text: string, at?: number): boolean;
  /** Forgets every text. */
  clear(): void;
}

/** A de-duplicator: a text is a duplicate while it keeps being read within windowMs (default 3000) of its last reading. */
export declare function createDedupe(windowMs?: number): Dedupe;

export interface ScannerStats {
  frames: number;
  scanned: number;
  skipped: number;
  found: number;
  decided: number;
  deduped: number;
}

export interface Scanner {
  stop(): void;
  stats(): ScannerStats;
}

/** Scans a <video> frame by frame (requestVideoFrameCallback, else requestAnimationFrame). */
export declare function createScanner(options: ScannerOptions): Scanner;
