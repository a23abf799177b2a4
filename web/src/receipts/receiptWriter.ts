// Writes this person's receipts into a room, coalesced: the first at once, then at most one every
// RECEIPT_INTERVAL_MS carrying the newest position (a withdrawal is written at once).
import { envelopeOf, signingBytes } from '@parley/protocol'
import type * as Y from 'yjs'
import type { Signer } from '../identity/signer'
import { getLog } from '../room'
import { encodeReceiptBody, RECEIPT_INTERVAL_MS, type ReceiptMark } from './receiptRules'

export interface ReceiptWriter {
  publish(mark: ReceiptMark): void
  close(): void
}

export function createReceiptWriter(doc: Y.Doc, room: string, signer: Signer): ReceiptWriter {
  let lastWrite = Number.NEGATIVE_INFINITY
  let waiting: ReceiptMark | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let written = ''
  const write = (mark: ReceiptMark) => {
    const key = `${mark.count}/${mark.last}/${mark.on}`
    if (key === written) return
    written = key
    lastWrite = Date.now()
    const body = encodeReceiptBody(mark, lastWrite)
    void signer.sign(signingBytes(room, signer.key, body)).then((signature) => {
      if (!doc.isDestroyed) getLog(doc).push([envelopeOf(signer.key, body, signature)])
    })
  }
  return {
    publish(mark) {
      const wait = lastWrite + RECEIPT_INTERVAL_MS - Date.now()
      if (!mark.on || wait <= 0) {
        if (timer !== null) clearTimeout(timer)
        timer = null
        waiting = null
        write(mark)
        return
      }
      waiting = mark
      timer ??= setTimeout(() => {
        timer = null
        if (waiting !== null) write(waiting)
        waiting = null
      }, wait)
    },
    close() {
      if (timer !== null) clearTimeout(timer)
      if (waiting !== null) write(waiting)
    },
  }
}
