import net from "node:net";

/** A TCP port free on 127.0.0.1 right now, for a server a test starts in another process. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * A TCP proxy in front of a server (PostgreSQL, Redis) that a test can take down (closing every connection, as a
 * crashed server or a cut network would) and bring back on the same port.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** Local ports of the proxy's upstream connections (PostgreSQL: `client_port` in pg_stat_activity). */
  readonly upstreamPorts = new Set<number>();

  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  /** A started proxy on a free port in front of the server of `url` (its port, else `defaultPort`). */
  static async before(url: string, defaultPort: number): Promise<TcpProxy> {
    const target = new URL(url);
    const proxy = new TcpProxy(await freePort(), { host: target.hostname, port: Number(target.port || defaultPort) });
    await proxy.start();
    return proxy;
  }

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      upstream.on("connect", () => upstream.localPort && this.upstreamPorts.add(upstream.localPort));
      for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(a);
        a.on("error", () => b.destroy());
        a.on("close", () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.upstreamPorts.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
