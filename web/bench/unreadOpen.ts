// Opening a room at its first unread message, 5,000 messages up from the newest: the reader's
// private read state (seeded here on the relay, signed with their key, exactly as their other
// device would have written it) says where they stopped; a device that holds the room in
// IndexedDB opens it, lands on the divider and paints the first unread message. Baseline in the
// same run, same device: the room opened at its newest message once everything is marked read.
import crypto from 'node:crypto'
import { entryIdOf, envelopeOf, parseEnvelope, signingBytes, toBase64url } from '@parley/protocol'
import type { Browser, BrowserContext } from 'playwright-core'
import * as Y from 'yjs'
import { encodeReadBody } from '../src/readState/readEntries'
import { READ_STATE_PREFIX } from '../src/readState/readState'
import { getLog } from '../src/room'
import { newDevice } from './device'
import { timeToVisible, timeToVisibleOn } from './pageProbe'
import { roomUrl } from './scenarios'
import { type BenchPerson, buildRoomDoc, storeOnRelay } from './seedRoom'

const UNREAD_MESSAGES = 5000
const VISIBLE_TIMEOUT_MS = 60_000
const VERIFIED_TIMEOUT_MS = 300_000

/** Same derivation as the app (readState.ts): a deterministic Ed25519 signature of a fixed text. */
function readStateId(reader: BenchPerson): string {
  const signature = crypto.sign(null, new TextEncoder().encode('parley/read-state-id/v1'), reader.privateKey)
  const digest = crypto.createHash('sha256').update(signature).digest()
  return READ_STATE_PREFIX + toBase64url(new Uint8Array(digest)).slice(0, 22)
}

function sign(room: string, reader: BenchPerson, body: string) {
  return envelopeOf(
    reader.key,
    body,
    crypto.sign(null, signingBytes(room, reader.key, body), reader.privateKey),
  )
}

/** Message entry ids of `doc` in log order. */
function messageIds(doc: Y.Doc): string[] {
  const ids: string[] = []
  for (const value of getLog(doc).toArray()) {
    const envelope = parseEnvelope(value)
    if (typeof envelope !== 'string' && envelope.body.includes('"type":"message"'))
      ids.push(entryIdOf(envelope))
  }
  return ids
}

export interface UnreadOpenResult {
  entryCount: number
  atFirstUnread: number[]
  atNewest: number[]
}

/** Waits until the page has saved what a later opening reads: its verified state and view cache. */
async function waitUntilVerifiedAndSaved(
  page: import('playwright-core').Page,
  dbName: string,
): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('parley:history-verified').length > 0, null, {
    timeout: VERIFIED_TIMEOUT_MS,
    polling: 100,
  })
  await page.evaluate(
    async ([name, timeoutMs]) => {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name)
          request.onsuccess = () => resolve(request.result)
          request.onerror = () => reject(request.error)
        })
        const read = (key: string) =>
          new Promise<unknown>((resolve) => {
            const request = db.transaction('custom').objectStore('custom').get(key)
            request.onsuccess = () => resolve(request.result)
            request.onerror = () => resolve(undefined)
          })
        const [verified, view] = [await read('verified'), await read('view')]
        db.close()
        // The view cache is written a second or two after the room goes quiet: a page closed
        // before that leaves the next opening without it, which is not the steady state measured.
        if (typeof verified === 'string' && typeof view === 'string' && view.includes('"window"')) return
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      throw new Error('the verified state or the view cache was never saved')
    },
    [dbName, VERIFIED_TIMEOUT_MS] as const,
  )
}

/** A device of the room's reader that holds the room, verified, with 5,000 messages unread. */
export interface UnreadRoom {
  device: BrowserContext
  url: string
  firstUnread: string
  newestEntryId: string
}

/** Seeds the room and the reader's read state on the relay, and opens it once on a new device. */
export async function prepareUnreadRoom(
  browser: Browser,
  relayUrl: string,
  port: number,
  entryCount: number,
  seed: number,
): Promise<UnreadRoom> {
  const roomId = `bench-unread-${entryCount}-${Date.now().toString(36)}`
  const { doc, newestEntryId, reader } = buildRoomDoc(roomId, entryCount, seed)
  const ids = messageIds(doc)
  await storeOnRelay(relayUrl, roomId, doc)
  doc.destroy()
  const readCount = ids.length - Math.min(UNREAD_MESSAGES, Math.floor(ids.length / 2))
  const firstUnread = ids[readCount] ?? ''
  const stateId = readStateId(reader)
  const state = new Y.Doc()
  const members = JSON.stringify({ v: 2, type: 'members', ts: Date.now(), keys: [reader.key] })
  const read = encodeReadBody({ room: roomId, count: readCount, last: ids[readCount - 1] ?? '' }, Date.now())
  getLog(state).push([sign(stateId, reader, members), sign(stateId, reader, read)])
  await storeOnRelay(relayUrl, stateId, state)
  state.destroy()

  const device = await newDevice(browser, `http://127.0.0.1:${port}`, reader)
  const url = roomUrl(port, roomId)
  try {
    // The first visit fetches and verifies everything; it lands on the divider too.
    const first = await timeToVisible(device, url, firstUnread, VERIFIED_TIMEOUT_MS)
    await waitUntilVerifiedAndSaved(first.page, `parley:${roomId}`)
    await first.page.close()
  } catch (error) {
    await device.close()
    throw error
  }
  return { device, url, firstUnread, newestEntryId }
}

export async function unreadOpenRuns(
  browser: Browser,
  relayUrl: string,
  port: number,
  entryCount: number,
  seed: number,
  runs: number,
): Promise<UnreadOpenResult> {
  const { device, url, firstUnread, newestEntryId } = await prepareUnreadRoom(
    browser,
    relayUrl,
    port,
    entryCount,
    seed,
  )
  try {
    const atFirstUnread: number[] = []
    for (let run = 0; run < runs; run++) {
      const page = await device.newPage()
      atFirstUnread.push((await timeToVisibleOn(page, url, firstUnread, VISIBLE_TIMEOUT_MS)).paintedMs)
      await page.close()
    }
    const page = await device.newPage()
    await timeToVisibleOn(page, url, firstUnread, VISIBLE_TIMEOUT_MS)
    await page.getByRole('button', { name: 'Mark as read' }).click()
    await page.getByRole('button', { name: 'Mark as read' }).waitFor({ state: 'detached' })
    await page.close()
    const atNewest: number[] = []
    for (let run = 0; run < runs; run++) {
      const newest = await device.newPage()
      atNewest.push((await timeToVisibleOn(newest, url, newestEntryId, VISIBLE_TIMEOUT_MS)).paintedMs)
      await newest.close()
    }
    return { entryCount, atFirstUnread, atNewest }
  } finally {
    await device.close()
  }
}
