// Presence (y-protocols awareness) of one room. A connection may set or remove only the client
// ids it announced itself, and a client id held by another live connection is refused, so nobody
// can rename or "disconnect" someone else. States are small, and changes and renewals are merged
// into at most one frame per FLUSH_INTERVAL_MS, so presence traffic does not grow with the room
// squared.
import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  encodeAwarenessStates,
} from '@parley/protocol'
import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'

/** A join, a leave or a typing indicator waits at most this long; every client gets at most 2 frames/s. */
export const FLUSH_INTERVAL_MS = 500

export interface PresenceLimits {
  /** One client's state as JSON, in UTF-8 bytes. */
  maxAwarenessStateBytes: number
  /** Client ids one connection may announce (a stock client announces one). */
  maxClientIdsPerConnection: number
}

export interface PresenceOptions<C> {
  limits: PresenceLimits
  /** Sends a merged presence frame to every connection of the room. */
  broadcast(frame: Uint8Array): void
  /** A connection claimed an id `holder` holds: `holder` may be a dead connection not yet noticed. */
  contested?(holder: C): void
  /**
   * Cluster mode: gets, merged like the broadcast, an awareness update of what this relay's own
   * connections changed, for the other relays. Changes that came from them are not sent back.
   */
  publish?(update: Uint8Array): void
}

/** The origin of states another relay applied: shown to this relay's connections, never published. */
const REMOTE = Symbol('remote presence')
/** What y-protocols passes when a state expired unrenewed: each relay expires states by itself. */
const TIMEOUT_ORIGIN = 'timeout'

const utf8 = new TextEncoder()

export class RoomPresence<C> {
  readonly awareness: awarenessProtocol.Awareness
  private readonly owners = new Map<number, C>()
  private readonly idsByOwner = new Map<C, Set<number>>()
  private readonly changed = new Set<number>()
  /**
   * Ids whose state another relay's connection set. A stock client sends back every state it
   * hears of; such an echo is ignored rather than making its sender the id's holder here.
   */
  private readonly remoteIds = new Set<number>()
  /** Changed by this relay's connections: what other relays of a cluster must hear. */
  private readonly changedHere = new Set<number>()
  private lastFlushAt = Number.NEGATIVE_INFINITY
  private flushTimer: NodeJS.Timeout | null = null

  constructor(
    doc: Y.Doc,
    private readonly options: PresenceOptions<C>,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc)
    this.awareness.setLocalState(null) // the relay itself is not a participant
    this.awareness.on('update', this.onUpdate)
  }

  /** Every known state, for a connection that just joined; null when there is none. */
  statesFrame(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()]
    return ids.length === 0 ? null : encodeAwarenessStates(this.awareness, ids)
  }

  /**
   * Applies what `owner` may change of an awareness update and drops the rest. Returns why
   * something was dropped, or null. Throws ProtocolError for an update that does not decode.
   */
  apply(owner: C, update: Uint8Array): string | null {
    let refusal: string | null = null
    const allowed: AwarenessEntry[] = []
    for (const entry of decodeAwarenessUpdate(update)) {
      const problem = this.check(owner, entry)
      if (problem === null) allowed.push(entry)
      else if (problem !== 'ignore') refusal = problem
    }
    if (allowed.length === 0) return refusal
    for (const entry of allowed) if (entry.json !== 'null') this.claim(owner, entry.clientId)
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), owner)
    for (const entry of allowed) if (entry.json === 'null') this.unclaim(entry.clientId)
    return refusal
  }

  /** Whether `clientId` is held by a connection of another relay of the cluster. */
  isRemote(clientId: number): boolean {
    return this.remoteIds.has(clientId)
  }

  /** The connection that announced awareness client id `clientId`, if it is still here. */
  holderOf(clientId: number): C | undefined {
    return this.owners.get(clientId)
  }

  /**
   * Applies presence another relay's connections set. Ids held by a connection of this relay are
   * left out: another relay cannot take them over.
   */
  applyRemote(update: Uint8Array): void {
    let entries: AwarenessEntry[]
    try {
      entries = decodeAwarenessUpdate(update)
    } catch {
      return // a relay of another version; presence is best effort
    }
    const allowed = entries.filter((entry) => !this.owners.has(entry.clientId))
    if (allowed.length === 0) return
    for (const entry of allowed) {
      if (entry.json === 'null') this.remoteIds.delete(entry.clientId)
      else this.remoteIds.add(entry.clientId)
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), REMOTE)
  }

  /** Removes every state `owner` set (its connection closed). */
  release(owner: C): void {
    const ids = this.idsByOwner.get(owner)
    if (ids === undefined) return
    this.idsByOwner.delete(owner)
    for (const id of ids) this.owners.delete(id)
    awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null)
  }

  destroy(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer)
    this.flushTimer = null
    this.awareness.off('update', this.onUpdate)
    this.awareness.destroy()
  }

  private check(owner: C, entry: AwarenessEntry): string | 'ignore' | null {
    const holder = this.owners.get(entry.clientId)
    if (holder === undefined && this.remoteIds.has(entry.clientId)) return 'ignore'
    // Stock y-websocket clients send every presence change they receive back to the relay. An
    // entry no newer than what the relay already has, about someone else, is such an echo: it
    // changes nothing and is no one's fault (nor may it bring back a client that has left).
    const known = this.awareness.meta.get(entry.clientId)?.clock
    if (holder !== owner && known !== undefined && entry.clock <= known) return 'ignore'
    if (holder !== undefined && holder !== owner) {
      this.options.contested?.(holder)
      return `presence: client ${entry.clientId} belongs to another connection`
    }
    if (holder === undefined && entry.json === 'null') return 'ignore' // removing what no one holds
    const bytes = utf8.encode(entry.json).byteLength
    if (bytes > this.options.limits.maxAwarenessStateBytes) {
      return `presence: state of ${bytes} bytes over ${this.options.limits.maxAwarenessStateBytes}`
    }
    if (!isJson(entry.json)) return 'presence: state is not JSON'
    const held = this.idsByOwner.get(owner)?.size ?? 0
    if (holder === undefined && held >= this.options.limits.maxClientIdsPerConnection) {
      return `presence: more than ${this.options.limits.maxClientIdsPerConnection} client ids on one connection`
    }
    return null
  }

  private claim(owner: C, id: number): void {
    this.owners.set(id, owner)
    const ids = this.idsByOwner.get(owner)
    if (ids === undefined) this.idsByOwner.set(owner, new Set([id]))
    else ids.add(id)
  }

  private unclaim(id: number): void {
    const owner = this.owners.get(id)
    if (owner === undefined) return
    this.owners.delete(id)
    this.idsByOwner.get(owner)?.delete(id)
  }

  private readonly onUpdate = (
    { added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>,
    origin: unknown,
  ) => {
    const here = origin !== REMOTE && origin !== TIMEOUT_ORIGIN && this.options.publish !== undefined
    for (const id of [...added, ...updated, ...removed]) {
      this.changed.add(id)
      if (here) this.changedHere.add(id)
    }
    for (const id of removed) this.remoteIds.delete(id)
    if (this.flushTimer !== null) return
    // Leading edge: after a quiet spell a change goes out in this turn's last task; later ones wait
    // for the interval, merged.
    const wait = Math.max(0, this.lastFlushAt + FLUSH_INTERVAL_MS - performance.now())
    this.flushTimer = setTimeout(this.flush, wait)
  }

  private readonly flush = () => {
    this.flushTimer = null
    this.lastFlushAt = performance.now()
    const ids = [...this.changed]
    this.changed.clear()
    if (ids.length > 0) this.options.broadcast(encodeAwarenessStates(this.awareness, ids))
    const here = [...this.changedHere]
    this.changedHere.clear()
    if (here.length > 0) this.options.publish?.(awarenessProtocol.encodeAwarenessUpdate(this.awareness, here))
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
