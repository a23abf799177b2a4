// The pins of one room's log: the room's first signed entry and its pin and control entries, each
// signature checked (the room fold does not read these types), folded in log order by pinRules.ts.
// Pins are rare, so a change that touches them re-reads the log's candidates; appends of anything
// else cost a cheap test of their body text.
import { entryIdOf, parseEnvelope, type VerifyEd25519, verifyEnvelope } from '@parley/protocol'
import type * as Y from 'yjs'
import { addedItems, getLog } from '../room'
import { foldPins, mayMatter, type PinBoard, type PinLogEntry } from './pinRules'

export interface PinsFold {
  get(): PinBoard
  /** Called after every change of the board; returns its unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Resolves once the board reflects the log as it is now. */
  whenSettled(): Promise<void>
  close(): void
}

/** Above this many items a transaction is a history load: read once, after it is shown. */
const BULK_ITEMS = 64

const EMPTY: PinBoard = { pins: [], hasRoles: false, mayPin: () => true }

interface Candidate {
  author: string
  body: string
  verdict: boolean | Promise<boolean>
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return null
  }
}

export function createPinsFold(doc: Y.Doc, options: { room: string; verify: VerifyEd25519 }): PinsFold {
  const log = getLog(doc)
  const verdicts = new Map<string, boolean | Promise<boolean>>()
  const listeners = new Set<() => void>()
  let board = EMPTY
  let run = 0
  let settled: Promise<void> = Promise.resolve()
  let closed = false
  const verdictOf = (envelope: { key: string; body: string; sig: string }) => {
    const id = entryIdOf(envelope)
    let verdict = verdicts.get(id)
    if (verdict === undefined) {
      verdict = verifyEnvelope(options.room, envelope, options.verify)
      verdicts.set(id, verdict)
    }
    return verdict
  }
  const candidates = (): Candidate[] => {
    const found: Candidate[] = []
    let first = true
    for (const value of log.toArray()) {
      const envelope = parseEnvelope(value)
      if (typeof envelope === 'string') continue
      if (first || mayMatter(envelope.body)) {
        found.push({ author: envelope.key, body: envelope.body, verdict: verdictOf(envelope) })
      }
      first = false
    }
    return found
  }
  const refold = () => {
    const mine = ++run
    const found = candidates()
    settled = Promise.all(found.map((candidate) => candidate.verdict)).then((ok) => {
      if (mine !== run || closed) return
      const entries: PinLogEntry[] = []
      for (const [i, candidate] of found.entries()) {
        if (ok[i]) entries.push({ author: candidate.author, body: parsed(candidate.body) })
      }
      board = foldPins(entries)
      for (const listener of listeners) listener()
    })
  }
  let deferred: ReturnType<typeof setTimeout> | null = null
  // Not `event.changes`: Yjs computes it by walking the whole list, on every transaction.
  const observer = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction) => {
    const added = addedItems(log, transaction)
    if (added.length > BULK_ITEMS) {
      // A history being read: pins wait until it is on screen, then read it once.
      deferred ??= setTimeout(() => {
        deferred = null
        if (!closed) refold()
      }, 0)
      return
    }
    for (const item of added) {
      for (const value of item.content.getContent()) {
        const envelope = parseEnvelope(value)
        if (typeof envelope !== 'string' && (log.length === 1 || mayMatter(envelope.body))) return refold()
      }
    }
  }
  log.observe(observer)
  refold()
  return {
    get: () => board,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    whenSettled: () => settled,
    close() {
      closed = true
      if (deferred !== null) clearTimeout(deferred)
      log.unobserve(observer)
      listeners.clear()
    },
  }
}
