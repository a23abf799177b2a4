// Updates as Parley clients write them: signed entries (see signing.ts), for unit and
// integration tests.
import * as Y from 'yjs'
import { createTestSigner, type TestSigner } from './signing.js'

export interface WriterOptions {
  clientID?: number
  signer?: TestSigner
}

/** A doc writing signed entries for `room`; `push` appends values, one signed entry each. */
export function createWriter(room: string, options: WriterOptions = {}) {
  const doc = new Y.Doc()
  if (options.clientID !== undefined) doc.clientID = options.clientID
  const signer = options.signer ?? createTestSigner()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return {
    doc,
    signer,
    /** Every update written so far, in order. */
    updates,
    push(...values: unknown[]): Uint8Array {
      doc.getArray('messages').push(values.map((value) => signer.seal(room, { v: 2, type: 'test', value })))
      return updates.at(-1) as Uint8Array
    },
  }
}

/** One update holding `values` as signed entries of a fresh writer. */
export function signedUpdate(room: string, ...values: unknown[]): Uint8Array {
  return createWriter(room).push(...values)
}

/** A writer's updates, one signed entry each, in the order it wrote them. */
export function writerUpdates(room: string, count: number, clientID: number): Uint8Array[] {
  const writer = createWriter(room, { clientID })
  for (let i = 0; i < count; i++) writer.push({ i })
  return writer.updates
}
