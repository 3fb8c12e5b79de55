/**
 * The opt-in ops port (`stride run --metrics-port N`): `GET /healthz` (liveness and readiness in
 * one JSON answer: 200 when ready, 503 when not) and `GET /metrics` (Prometheus text format).
 * Nothing else is served, and nothing secret is in either answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CompanionMetrics } from './metrics';

export interface Health {
  /** Ready: connected to the org, a pass completed recently, and not stopped. */
  ready: boolean;
  status: 'ok' | 'degraded' | 'not_ready';
  mode: string;
  connected: boolean;
  lastPass: { at: string; kind: string; ok: boolean; ageSeconds: number } | null;
  eventStream: string;
  budget: { level: string; callsToday: number; allowance: number | null };
  reasons: string[];
}

export class OpsServer {
  private readonly server: http.Server;

  constructor(
    private readonly metrics: CompanionMetrics,
    private readonly health: () => Health
  ) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String((error as Error).message));
      });
    });
  }

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain' }).end('only GET');
      return;
    }
    if (path === '/healthz') {
      const health = this.health();
      res
        .writeHead(health.ready ? 200 : 503, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(health));
      return;
    }
    if (path === '/metrics') {
      const text = await this.metrics.text();
      res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: try /healthz or /metrics');
  }
}
