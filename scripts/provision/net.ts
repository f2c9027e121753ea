import { createServer, Socket } from 'node:net';

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

/** A port the OS says is free right now (tests use these, so parallel runs never collide). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** Refuses to start a server on a port someone else already serves: sharing it silently would hide misconfiguration. */
export async function assertPortFree(host: string, port: number, what: string, hint: string): Promise<void> {
  if (await isPortOpen(host, port)) {
    throw new PortInUseError(`${what}: port ${host}:${port} is already in use. ${hint}`);
  }
}

/** Polls `probe` until it resolves true; no fixed sleeps, just a short interval between attempts. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs = 60_000, intervalMs = 200, isAlive = () => true }: { timeoutMs?: number; intervalMs?: number; isAlive?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (!isAlive()) throw new Error(`${what} exited before it became ready`);
    if (Date.now() > deadline) throw new Error(`${what} was not ready after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
