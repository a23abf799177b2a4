// Rooms full of light clients, each with its own entry writer and Yjs client id, for the fan-out runs.
import { SYNC_UPDATE } from '@parley/protocol'
import { createEntryWriter, type EntryWriter } from './entries.js'
import { firstStructId, type LightClient, openLightClient } from './lightClient.js'
import type { RelayProcess } from './processes.js'

/** Client ids start here so a member's index is `client - CLIENT_ID_BASE`. */
const CLIENT_ID_BASE = 1_000
/** Connections opened at once; more would measure the accept queue, not the relay. */
const OPEN_CONCURRENCY = 50

export interface RoomLayout {
  rooms: number
  clientsPerRoom: number
}

export interface Member {
  index: number
  room: number
  writer: EntryWriter
  client: LightClient
}

/** A delivery: an update from another member reached `receiver`. Echoes to the sender are dropped. */
export type OnDelivery = (receiver: Member, sender: number, clock: number, update: Uint8Array) => void

export async function openMembers(
  relay: RelayProcess,
  roomPrefix: string,
  layout: RoomLayout,
  onDelivery: OnDelivery,
): Promise<Member[]> {
  const total = layout.rooms * layout.clientsPerRoom
  const members: Member[] = []
  for (let start = 0; start < total; start += OPEN_CONCURRENCY) {
    const batch: Promise<Member>[] = []
    for (let index = start; index < Math.min(total, start + OPEN_CONCURRENCY); index++) {
      batch.push(openMember(relay, roomPrefix, layout, index, onDelivery))
    }
    members.push(...(await Promise.all(batch)))
  }
  return members
}

async function openMember(
  relay: RelayProcess,
  roomPrefix: string,
  layout: RoomLayout,
  index: number,
  onDelivery: OnDelivery,
): Promise<Member> {
  const room = Math.floor(index / layout.clientsPerRoom)
  const writer = createEntryWriter(CLIENT_ID_BASE + index, `${roomPrefix}-${room}`)
  const member: Partial<Member> & { index: number; room: number; writer: EntryWriter } = {
    index,
    room,
    writer,
  }
  member.client = await openLightClient(relay.url(`${roomPrefix}-${room}`), {
    doc: writer.doc,
    onUpdate: (update, syncType) => {
      if (syncType !== SYNC_UPDATE) return
      const id = firstStructId(update)
      if (id === null || id.client === writer.client || member.client === undefined) return
      onDelivery(member as Member, id.client - CLIENT_ID_BASE, id.clock, update)
    },
  })
  return member as Member
}

export async function closeMembers(members: readonly Member[]): Promise<void> {
  await Promise.all(members.map((member) => member.client.close()))
}

/** Members closed by the relay (rate limit, too slow, ...), as "code reason" with counts. */
export function unexpectedCloses(members: ReadonlyArray<Pick<Member, 'client'>>): string[] {
  const counts = new Map<string, number>()
  for (const { client } of members) {
    if (client.closeCode === null) continue
    const key = `${client.closeCode} ${client.closeReason}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, count]) => `${count}x ${key}`)
}
