import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendJoin, appendMessage, appendTitle } from './append'
import { MAX_TEXT_CHARS } from './limits'
import { getLog, isDurable } from './log'
import { createTestPerson, docWithClient, foldOf, syncDocs } from './testing'

const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob')

describe('durable acknowledgement', () => {
  it('returns the client and clock each entry was written at', async () => {
    const doc = docWithClient(7)
    const writer = alice.writer(doc)
    const first = await appendJoin(writer)
    const second = await appendMessage(writer, 'two')
    expect(first?.logId).toEqual({ client: 7, clock: 0 })
    expect(second?.logId).toEqual({ client: 7, clock: 1 })
  })

  it('matches the ids the fold reads from the log, also after a merge', async () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    const fold = foldOf(a)
    const sent = [
      await appendMessage(alice.writer(a), 'a1'),
      await appendMessage(bob.writer(b), 'b1'),
      await appendMessage(alice.writer(a), 'a2'),
    ]
    syncDocs(a, b)
    await fold.whenVerified()
    const byEntry = new Map(fold.getSnapshot().timeline.map((item) => [item.entryId, item.logId]))
    for (const appended of sent) expect(byEntry.get(appended?.entry.id ?? '')).toEqual(appended?.logId)
  })

  it('counts an entry durable once the state vector is past its clock', async () => {
    const doc = docWithClient(3)
    const writer = alice.writer(doc)
    const logId = (await appendMessage(writer, 'x'))?.logId ?? { client: 0, clock: 0 }
    const other = (await appendMessage(writer, 'y'))?.logId ?? { client: 0, clock: 0 }
    expect(isDurable(logId, new Map())).toBe(false)
    expect(isDurable(logId, new Map([[3, 0]]))).toBe(false)
    expect(isDurable(logId, new Map([[3, 1]]))).toBe(true)
    expect(isDurable(other, new Map([[3, 1]]))).toBe(false)
    expect(isDurable(logId, new Map([[4, 9]]))).toBe(false)
    expect(isDurable(other, Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(true)
  })
})

describe('limits', () => {
  it('refuses at once what the relay would refuse, with a readable reason, and writes nothing', async () => {
    const doc = new Y.Doc()
    const writer = alice.writer(doc)
    expect(() => appendMessage(writer, 'x'.repeat(MAX_TEXT_CHARS + 1))).toThrow(/too long/)
    expect(() => appendMessage(writer, '  ')).toThrow('Message is empty.')
    // Quotes are escaped twice (in the body, then in the envelope): still within the entry limit.
    await expect(appendMessage(writer, '"'.repeat(MAX_TEXT_CHARS))).resolves.not.toBeNull()
    expect(() => appendMessage(writer, '\u0001'.repeat(MAX_TEXT_CHARS))).toThrow(/Too large to send/)
    expect(() => appendTitle(writer, '')).toThrow('Title is empty.')
    expect(getLog(doc).length).toBe(1)
  })
})
