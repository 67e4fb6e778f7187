// The camera: rear camera by default at 1280x720 ideal, camera switch, torch where the browser supports
// it. With onText, frames go to the scan worker one at a time and decoded texts come back through onText;
// with null the caller reads the video itself (the checkpoint: the engine package's createScanner).
export interface Camera {
  start(): Promise<void>;
  stop(): void;
  switchCamera(): Promise<void>;
  torchSupported(): boolean;
  setTorch(on: boolean): Promise<boolean>;
  cameraCount(): Promise<number>;
}

export function createCamera(
  video: HTMLVideoElement,
  onText: ((text: string) => void) | null,
  onState: (s: 'starting' | 'on' | 'off', error?: string) => void,
): Camera {
  const worker = onText ? new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module' }) : null;
  let stream: MediaStream | null = null;
  let facing: 'environment' | 'user' = 'environment';
  let deviceId: string | null = null;
  let busy = false;
  let running = false;
  let timer: number | undefined;

  if (worker)
    worker.onmessage = (e: MessageEvent<{ type: string; text?: string | null; message?: string }>) => {
      if (e.data.type === 'frame') {
        busy = false;
        if (e.data.text) onText!(e.data.text);
        schedule();
      } else if (e.data.type === 'error') {
        onState('off', e.data.message);
      }
    };

  function schedule(): void {
    if (!running || !worker) return;
    clearTimeout(timer);
    timer = window.setTimeout(grab, 60);
  }

  async function grab(): Promise<void> {
    if (!running || busy) return;
    if (video.readyState < 2 || video.videoWidth === 0) return schedule();
    busy = true;
    try {
      const frame = await createImageBitmap(video);
      worker!.postMessage({ frame }, [frame]);
    } catch {
      busy = false;
      schedule();
    }
  }

  async function open(): Promise<void> {
    onState('starting');
    const video_: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };
    if (deviceId) video_.deviceId = { exact: deviceId };
    else video_.facingMode = { ideal: facing };
    stream = await navigator.mediaDevices.getUserMedia({ video: video_, audio: false });
    video.srcObject = stream;
    video.muted = true;
    video.playsInline = true;
    await video.play();
    running = true;
    onState('on');
    schedule();
  }

  return {
    async start() {
      try {
        await open();
      } catch (e) {
        onState('off', String(e));
      }
    },
    stop() {
      running = false;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
      stream = null;
    },
    async switchCamera() {
      const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
      const current = stream?.getVideoTracks()[0]?.getSettings().deviceId;
      if (devices.length > 1) {
        const i = devices.findIndex((d) => d.deviceId === current);
        deviceId = devices[(i + 1) % devices.length].deviceId;
      } else {
        facing = facing === 'environment' ? 'user' : 'environment';
        deviceId = null;
      }
      this.stop();
      await this.start();
    },
    torchSupported() {
      const track = stream?.getVideoTracks()[0];
      const caps =
        track && typeof track.getCapabilities === 'function'
          ? (track.getCapabilities() as MediaTrackCapabilities & { torch?: boolean })
          : null;
      return Boolean(caps?.torch);
    },
    async setTorch(on: boolean) {
      const track = stream?.getVideoTracks()[0];
      if (!track || !this.torchSupported()) return false;
      try {
        await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
        return true;
      } catch {
        return false;
      }
    },
    async cameraCount() {
      try {
        return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').length;
      } catch {
        return 0;
      }
    },
  };
}
