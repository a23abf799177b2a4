// Prometheus metrics for one relay. Each relay has its own registry, so two relays can run in
// one process (tests) without sharing counters.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

export type RejectReason =
  | 'forbidden'
  | 'tooLarge'
  | 'malformed'
  | 'badRequest'
  | 'rateLimited'
  | 'unavailable'
  | 'tooSlow'
  | 'missingDependency'
  | 'presence'
  | 'unauthorized'

export interface RelayMetrics {
  readonly registry: Registry
  readonly connections: Gauge
  readonly roomsLoaded: Gauge
  readonly updatesAccepted: Counter
  readonly updatesRejected: Counter<'reason'>
  readonly bytesReceived: Counter
  readonly bytesSent: Counter
  readonly persistSeconds: Histogram
  readonly compactions: Counter
  readonly throttled: Counter
  /** Registers gauges read when metrics are scraped (values other modules own). */
  observe(sources: ObservedSources): void
  readonly blobUploads: Counter<'result'>
  readonly blobStoredBytes: Gauge
  readonly blobsStored: Gauge
  readonly blobStorageQuotaBytes: Gauge
  /** Push notifications: `queued` when decided, then `delivered`, `gone`, `failed`; or `rateLimited`. */
  readonly pushes: Counter<'result'>
  /** Cluster mode: from a row or presence published by another relay to its arrival here. */
  readonly clusterBusLagSeconds: Histogram
  readonly clusterRepairs: Counter<'reason'>
  readonly clusterRepairedRows: Counter
  readonly clusterBusReconnects: Counter
}

export interface ObservedSources {
  outboundBytes(): number
  unstoredUpdates(): number
}

export function createRelayMetrics(): RelayMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'parley_' })
  const registers = [registry]
  return {
    registry,
    connections: new Gauge({ name: 'parley_connections', help: 'Open websocket connections', registers }),
    roomsLoaded: new Gauge({ name: 'parley_rooms_loaded', help: 'Rooms held in memory', registers }),
    updatesAccepted: new Counter({
      name: 'parley_updates_total',
      help: 'Updates accepted from clients',
      registers,
    }),
    updatesRejected: new Counter({
      name: 'parley_updates_rejected_total',
      help: 'Messages refused and connections closed, by reason',
      labelNames: ['reason'],
      registers,
    }),
    bytesReceived: new Counter({ name: 'parley_received_bytes_total', help: 'Bytes received', registers }),
    bytesSent: new Counter({ name: 'parley_sent_bytes_total', help: 'Bytes sent', registers }),
    persistSeconds: new Histogram({
      name: 'parley_persist_seconds',
      help: 'Time to store one group commit durably',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    compactions: new Counter({ name: 'parley_compactions_total', help: 'Room compactions', registers }),
    throttled: new Counter({
      name: 'parley_throttled_total',
      help: 'Times a connection over its rate was paused (read no further until its budget refilled)',
      registers,
    }),
    observe(sources) {
      new Gauge({
        name: 'parley_outbound_buffered_bytes',
        help: 'Unsent bytes across all connections, as last measured',
        registers,
        collect() {
          this.set(sources.outboundBytes())
        },
      })
      new Gauge({
        name: 'parley_unstored_updates',
        help: 'Updates accepted but not yet stored (grows while the store fails)',
        registers,
        collect() {
          this.set(sources.unstoredUpdates())
        },
      })
    },
    blobUploads: new Counter({
      name: 'parley_blob_uploads_total',
      help: 'Attachment uploads, by result',
      labelNames: ['result'],
      registers,
    }),
    blobStoredBytes: new Gauge({
      name: 'parley_blob_stored_bytes',
      help: 'Bytes of attachments stored',
      registers,
    }),
    blobsStored: new Gauge({ name: 'parley_blobs_stored', help: 'Attachments stored', registers }),
    pushes: new Counter({
      name: 'parley_pushes_total',
      help: 'Push notifications, by result (queued when decided; then delivered, gone, refused (endpoint not public) or failed)',
      labelNames: ['result'],
      registers,
    }),
    clusterBusLagSeconds: new Histogram({
      name: 'parley_cluster_bus_lag_seconds',
      help: 'Cluster mode: time from another relay publishing a message to its arrival here',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
    clusterRepairs: new Counter({
      name: 'parley_cluster_repairs_total',
      help: 'Cluster mode: reads of missing rows from the store, by what asked for them',
      labelNames: ['reason'],
      registers,
    }),
    clusterRepairedRows: new Counter({
      name: 'parley_cluster_repaired_rows_total',
      help: 'Cluster mode: rows read by repairs (including ones already applied)',
      registers,
    }),
    clusterBusReconnects: new Counter({
      name: 'parley_cluster_bus_reconnects_total',
      help: 'Cluster mode: times the bus came back after it was lost',
      registers,
    }),
    blobStorageQuotaBytes: new Gauge({
      name: 'parley_blob_storage_quota_bytes',
      help: 'Most bytes of attachments the relay stores (--max-blob-storage-bytes)',
      registers,
    }),
  }
}
