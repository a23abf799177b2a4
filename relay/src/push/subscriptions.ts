// Push subscriptions, one per device, each with its notification level per room. Kept apart from
// the room store, in their own SQLite file in the data folder, behind this small interface.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export type PushLevel = 'all' | 'mentions' | 'mute'

export interface PushSubscriptionRecord {
  endpoint: string
  /** The browser's P-256 key and auth secret (base64url), for the payload's encryption (RFC 8291). */
  p256dh: string
  auth: string
  /** The app's random id for this device: a device with an open websocket is not pushed to. */
  device: string
  /** The person's key: their own entries are not pushed to them. */
  key: string
  rooms: ReadonlyMap<string, PushLevel>
}

export interface PushSubscriptionStore {
  /** Adds or replaces the subscription of `record.endpoint`. */
  save(record: PushSubscriptionRecord): void
  remove(endpoint: string): boolean
  /** Subscriptions that asked for something in `room` (not muted). */
  forRoom(room: string): readonly PushSubscriptionRecord[]
  readonly count: number
  close(): void
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS push_subscriptions (
  endpoint TEXT PRIMARY KEY,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  device TEXT NOT NULL,
  key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS push_rooms (
  endpoint TEXT NOT NULL REFERENCES push_subscriptions(endpoint) ON DELETE CASCADE,
  room TEXT NOT NULL,
  level TEXT NOT NULL,
  PRIMARY KEY (room, endpoint)
);
`

/** Rooms whose subscribers are kept in memory at once. */
const MAX_CACHED_ROOMS = 10_000

interface Row {
  endpoint: string
  p256dh: string
  auth: string
  device: string
  key: string
}

export function openPushSubscriptions(dataDir: string): PushSubscriptionStore {
  fs.mkdirSync(dataDir, { recursive: true })
  const db = new Database(path.join(dataDir, 'push.sqlite3'))
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.exec(SCHEMA)
  const upsert = db.prepare(
    `INSERT INTO push_subscriptions (endpoint, p256dh, auth, device, key) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth,
       device = excluded.device, key = excluded.key`,
  )
  const clearRooms = db.prepare('DELETE FROM push_rooms WHERE endpoint = ?')
  const addRoom = db.prepare('INSERT INTO push_rooms (endpoint, room, level) VALUES (?, ?, ?)')
  const deleteOne = db.prepare('DELETE FROM push_subscriptions WHERE endpoint = ?')
  const inRoom = db.prepare<[string], Row>(
    `SELECT s.endpoint, s.p256dh, s.auth, s.device, s.key FROM push_rooms r
     JOIN push_subscriptions s ON s.endpoint = r.endpoint WHERE r.room = ? AND r.level != 'mute'`,
  )
  const roomsOf = db.prepare<[string], { room: string; level: PushLevel }>(
    'SELECT room, level FROM push_rooms WHERE endpoint = ?',
  )
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM push_subscriptions')
  const save = db.transaction((record: PushSubscriptionRecord) => {
    upsert.run(record.endpoint, record.p256dh, record.auth, record.device, record.key)
    clearRooms.run(record.endpoint)
    for (const [room, level] of record.rooms) addRoom.run(record.endpoint, room, level)
  })
  // forRoom runs for every stored update, and subscriptions change rarely: answers are kept until
  // the next change (a busy room with no subscribers then costs a map lookup, not two queries).
  const byRoom = new Map<string, PushSubscriptionRecord[]>()
  return {
    save(record) {
      save(record)
      byRoom.clear()
    },
    remove(endpoint) {
      byRoom.clear()
      return deleteOne.run(endpoint).changes > 0
    },
    forRoom(room) {
      let records = byRoom.get(room)
      if (records === undefined) {
        records = inRoom.all(room).map((row) => ({
          ...row,
          rooms: new Map(roomsOf.all(row.endpoint).map(({ room: name, level }) => [name, level])),
        }))
        if (byRoom.size >= MAX_CACHED_ROOMS) byRoom.clear()
        byRoom.set(room, records)
      }
      return records
    },
    get count() {
      return countAll.get()?.n ?? 0
    },
    close: () => db.close(),
  }
}
