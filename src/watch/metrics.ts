import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The Prometheus metrics of `dockward watch`, on a registry of its own. */
export class WatchMetrics {
  readonly registry = new Registry();
  readonly findings = new Counter({
    name: 'dockward_findings_total',
    help: 'Findings reported, by engine, rule and severity',
    labelNames: ['engine', 'rule', 'severity'],
    registers: [this.registry],
  });
  readonly audited = new Counter({
    name: 'dockward_containers_audited_total',
    help: 'Container audits, by engine and the event that caused them',
    labelNames: ['engine', 'event'],
    registers: [this.registry],
  });
  readonly unaudited = new Counter({
    name: 'dockward_containers_unaudited_total',
    help: 'Containers and exec sessions gone before they could be read, by engine and event',
    labelNames: ['engine', 'event'],
    registers: [this.registry],
  });
  readonly lag = new Histogram({
    name: 'dockward_event_lag_seconds',
    help: 'Time from the engine event to the end of its audit, by engine',
    labelNames: ['engine'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly reconnects = new Counter({
    name: 'dockward_reconnects_total',
    help: 'Reconnections to an engine event stream, by engine',
    labelNames: ['engine'],
    registers: [this.registry],
  });
  readonly webhook = new Counter({
    name: 'dockward_webhook_total',
    help: 'Findings sent to the webhook, or dropped',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Serves GET /metrics; binds to loopback unless told otherwise. */
  serve(port: number, host: string): Promise<Server> {
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }
}
