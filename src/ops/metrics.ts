import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * The service's Prometheus metrics, on a registry of its own (so tests and several apps in one
 * process never share counters). Served at GET /metrics. The README's operator section says what
 * each one means.
 */
export interface Metrics {
  registry: Registry
  feedsPolled: Counter<'result'>
  itemsIngested: Counter<'kind'>
  classificationSeconds: Histogram
  deliveries: Counter<'result' | 'platform'>
  deliveriesByStatus: Gauge<'status'>
  commandSeconds: Histogram<'command' | 'outcome'>
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'benchwatch_', eventLoopMonitoringPrecision: 20 })
  return {
    registry,
    feedsPolled: new Counter({
      name: 'benchwatch_feeds_polled_total',
      help: 'Feed fetches by result: ok, not_modified, failed',
      labelNames: ['result'],
      registers: [registry],
    }),
    itemsIngested: new Counter({
      name: 'benchwatch_items_ingested_total',
      help: 'Feed entries by outcome: new, updated, duplicate',
      labelNames: ['kind'],
      registers: [registry],
    }),
    classificationSeconds: new Histogram({
      name: 'benchwatch_classification_seconds',
      help: 'Time to classify one item',
      buckets: [0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 1],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'benchwatch_deliveries_total',
      help: 'Delivery attempts by result (sent, retry, paused, refused, dead) and platform',
      labelNames: ['result', 'platform'],
      registers: [registry],
    }),
    deliveriesByStatus: new Gauge({
      name: 'benchwatch_deliveries',
      help: 'Deliveries in the outbox by status (pending, sending, sent, dead), sampled at scrape time',
      labelNames: ['status'],
      registers: [registry],
    }),
    commandSeconds: new Histogram({
      name: 'benchwatch_command_seconds',
      help: 'Chat command latency by command and outcome (ok, or error for an internal failure)',
      labelNames: ['command', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  }
}
