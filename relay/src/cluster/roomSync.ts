// Links the rooms a relay has loaded to the other relays of its cluster. After each commit the
// relay publishes the rows it stored; rows from others are applied in seq order; a hole, a bus
// reconnect or a new subscription is repaired by reading the missing rows from the store, the only
// record. Presence (and any other ephemeral message) goes through the bus only.
import type { Logger } from 'pino'
import type { RelayMetrics } from '../metrics.js'
import type { CommittedRows } from '../persister.js'
import type { Room } from '../room.js'
import type { RoomLinker } from '../rooms.js'
import type { RoomStore } from '../store/types.js'
import type { Bus } from './bus.js'
import type { BusMessage } from './busMessages.js'

/**
 * How long a hole may stay before the store is read: this relay's own commit, or the row
 * published just before, usually fills it within a turn or two.
 */
const HOLE_GRACE_MS = 200
/** Repair reads at once; more wait their turn, so a reconnect with many rooms does not flood the store. */
const MAX_CONCURRENT_REPAIRS = 4
/** A repair that failed (the store is down) is tried again after this long. */
const REPAIR_RETRY_MS = 1_000
/** How often a relay tells the last seq it stored in each room it wrote to since. */
const HEAD_INTERVAL_MS = 5_000

export type RepairReason = 'subscribed' | 'gap' | 'reconnect' | 'retry'

export interface RoomSyncOptions {
  store: RoomStore
  bus: Bus
  /** This relay's id on the bus: its own messages come back and are skipped. */
  relayId: string
  metrics: RelayMetrics
  log: Logger
}

export interface RoomSync extends RoomLinker {
  /** Publishes what a commit stored, room by room. */
  published(rows: CommittedRows): void
  close(): void
}

interface Linked {
  room: Room
  unsubscribe(): void
  timer: NodeJS.Timeout | null
  repairing: Promise<void> | null
  /** Another repair was asked for while one ran: its read may have started too early. */
  again: RepairReason | null
  /** The highest seq another relay said it stored (its head), so a hole nothing followed shows. */
  knownHead: number
}

/** Whether the room still misses rows: a hole usually fills during its grace, and then no read is due. */
const stillBehind = (link: Linked): boolean => link.room.hasGap || link.knownHead > link.room.appliedSeq

export function createRoomSync(options: RoomSyncOptions): RoomSync {
  const { store, bus, relayId, metrics, log } = options
  const linked = new Map<string, Linked>()
  /** The last seq this relay stored per room, and the rooms written since the last heads went out. */
  const storedHeads = new Map<string, number>()
  const writtenSince = new Set<string>()

  const publishHead = (room: string) => {
    const seq = storedHeads.get(room)
    if (seq !== undefined) bus.publish(room, { kind: 'head', origin: relayId, sentAtMs: Date.now(), seq })
  }
  const headTimer = setInterval(() => {
    for (const room of writtenSince) publishHead(room)
    writtenSince.clear()
  }, HEAD_INTERVAL_MS).unref()

  const schedule = (link: Linked, ms: number, reason: RepairReason) => {
    if (link.timer !== null) return
    link.timer = setTimeout(() => {
      link.timer = null
      if (reason !== 'gap' || stillBehind(link)) repair(link, reason)
    }, ms)
  }

  let repairsRunning = 0
  const waitingRepairs: Array<() => void> = []
  const repairSlot = async (): Promise<void> => {
    if (repairsRunning < MAX_CONCURRENT_REPAIRS) {
      repairsRunning++
      return
    }
    await new Promise<void>((resolve) => waitingRepairs.push(resolve))
  }
  const releaseRepairSlot = () => {
    const next = waitingRepairs.shift()
    if (next === undefined) repairsRunning--
    else next()
  }

  const repair = (link: Linked, reason: RepairReason): void => {
    if (link.repairing !== null) {
      link.again = reason
      return
    }
    const { room } = link
    link.repairing = repairSlot()
      // The applied seq is read once the slot is ours: rows that came meanwhile are not read again.
      .then(() => store.readAfter(room.name, room.appliedSeq).finally(releaseRepairSlot))
      .then(
        (rows) => {
          room.receiveStoreRows(rows)
          metrics.clusterRepairs.inc({ reason })
          metrics.clusterRepairedRows.inc(rows.length)
        },
        (error: unknown) => {
          log.warn({ room: room.name, err: error, reason }, 'repair read failed; will retry')
          if (linked.get(room.name) === link) schedule(link, REPAIR_RETRY_MS, 'retry')
        },
      )
      .finally(() => {
        link.repairing = null
        const again = link.again
        link.again = null
        if (again !== null && linked.get(room.name) === link) repair(link, again)
      })
  }

  const receive = (link: Linked, message: BusMessage) => {
    if (message.origin === relayId) return
    metrics.clusterBusLagSeconds.observe(Math.max(0, Date.now() - message.sentAtMs) / 1000)
    if (message.kind === 'rows') {
      link.room.receiveBusRows(message.rows)
      if (link.room.hasGap) schedule(link, HOLE_GRACE_MS, 'gap')
    } else if (message.kind === 'head') {
      link.knownHead = Math.max(link.knownHead, message.seq)
      if (message.seq > link.room.appliedSeq) schedule(link, HOLE_GRACE_MS, 'gap')
    } else {
      const to = message.to === null ? null : Number(message.to)
      if (to === null || Number.isSafeInteger(to))
        link.room.receiveEphemeral(message.type, message.payload, to)
    }
  }

  const stopReconnects = bus.onReconnect(() => {
    metrics.clusterBusReconnects.inc()
    log.warn({ rooms: linked.size }, 'bus reconnected; repairing every room from the store')
    for (const link of linked.values()) repair(link, 'reconnect')
    // What this relay published while its bus was down is lost: others learn they are behind.
    for (const room of storedHeads.keys()) publishHead(room)
  })

  return {
    outlet(room) {
      return {
        publish(type, payload, to) {
          bus.publish(room, {
            kind: 'ephemeral',
            origin: relayId,
            sentAtMs: Date.now(),
            type,
            to: to === undefined ? null : String(to),
            payload,
          })
        },
      }
    },
    attach(room) {
      const link: Linked = {
        room,
        unsubscribe: () => {},
        timer: null,
        repairing: null,
        again: null,
        knownHead: 0,
      }
      linked.set(room.name, link)
      const subscription = bus.subscribe(room.name, (message) => receive(link, message))
      link.unsubscribe = () => subscription.close()
      // Rows stored between this relay's load and its subscription are read once it listens.
      void subscription.active.then(() => {
        if (linked.get(room.name) === link) repair(link, 'subscribed')
      })
      return () => {
        if (linked.get(room.name) === link) linked.delete(room.name)
        storedHeads.delete(room.name)
        writtenSince.delete(room.name)
        if (link.timer !== null) clearTimeout(link.timer)
        link.unsubscribe()
      }
    },
    published(committed) {
      for (const [room, rows] of committed) {
        bus.publish(room, { kind: 'rows', origin: relayId, sentAtMs: Date.now(), rows: [...rows] })
        if (!linked.has(room)) continue // unloaded meanwhile: nobody here will be asked for it
        const last = rows.at(-1)?.seq ?? 0
        if (last > (storedHeads.get(room) ?? 0)) storedHeads.set(room, last)
        writtenSince.add(room)
      }
    },
    close() {
      clearInterval(headTimer)
      stopReconnects()
      for (const link of linked.values()) {
        if (link.timer !== null) clearTimeout(link.timer)
        link.unsubscribe()
      }
      linked.clear()
    },
  }
}
