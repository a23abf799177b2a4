import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeHandUpdate, type HandContent, handEntry } from '../test/handEncoded.js'
import { checkUpdate, isPlainJson } from './rules.js'

const LIMITS = { maxEntryBytes: 1024 }

/** The update a change to a fresh doc produces, as a client would send it. */
function updateOf(change: (doc: Y.Doc) => void, base?: Y.Doc): Uint8Array {
  const doc = new Y.Doc()
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  change(doc)
  return Y.encodeStateAsUpdate(doc, before)
}

describe('checkUpdate', () => {
  it('accepts plain JSON entries appended to messages', () => {
    const verdict = checkUpdate(
      updateOf((doc) => doc.getArray('messages').push([{ type: 'message', text: 'hi' }, 1, 'two', null])),
      LIMITS,
    )
    expect(verdict).toMatchObject({ ok: true, entries: 4 })
  })

  it('accepts appends after existing entries, whose items carry only an origin', () => {
    const base = new Y.Doc()
    base.getArray('messages').push([{ n: 1 }])
    const verdict = checkUpdate(
      updateOf((doc) => doc.getArray('messages').push([{ n: 2 }]), base),
      LIMITS,
    )
    expect(verdict.ok).toBe(true)
  })

  it('accepts an empty update', () => {
    expect(checkUpdate(Y.encodeStateAsUpdate(new Y.Doc()), LIMITS).ok).toBe(true)
  })

  it('rejects deletions', () => {
    const base = new Y.Doc()
    base.getArray('messages').push([{ n: 1 }, { n: 2 }])
    const verdict = checkUpdate(
      updateOf((doc) => doc.getArray('messages').delete(0, 1), base),
      LIMITS,
    )
    expect(verdict).toMatchObject({ ok: false, kind: 'forbidden', reason: 'deletions are not allowed' })
  })

  it('rejects a full state that contains deleted content', () => {
    const doc = new Y.Doc()
    doc.getArray('messages').push([{ n: 1 }, { n: 2 }])
    doc.getArray('messages').delete(0, 1)
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), LIMITS)).toMatchObject({ ok: false, kind: 'forbidden' })
  })

  it('rejects nested Yjs types', () => {
    const verdict = checkUpdate(
      updateOf((doc) => doc.getArray('messages').push([new Y.Map()])),
      LIMITS,
    )
    expect(verdict).toMatchObject({ ok: false, reason: 'nested type content is not allowed' })
  })

  it('rejects content inside a nested type even when its parent arrived earlier', () => {
    const doc = new Y.Doc()
    const nested = new Y.Array()
    doc.getArray('messages').push([nested])
    const before = Y.encodeStateVector(doc)
    nested.push([1])
    const verdict = checkUpdate(Y.encodeStateAsUpdate(doc, before), LIMITS)
    expect(verdict).toMatchObject({ ok: false, reason: 'nested types are not allowed' })
  })

  it('rejects other roots, maps and text', () => {
    expect(
      checkUpdate(
        updateOf((doc) => doc.getArray('other').push([1])),
        LIMITS,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'root "other" is not allowed',
    })
    expect(
      checkUpdate(
        updateOf((doc) => doc.getMap('messages').set('k', 1)),
        LIMITS,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'map keys are not allowed',
    })
    expect(
      checkUpdate(
        updateOf((doc) => doc.getText('messages').insert(0, 'x')),
        LIMITS,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'text content is not allowed',
    })
  })

  it('rejects binary and non-JSON values', () => {
    expect(
      checkUpdate(
        updateOf((doc) => doc.getArray('messages').push([new Uint8Array([1, 2])])),
        LIMITS,
      ),
    ).toMatchObject({ ok: false, reason: 'binary content is not allowed' })
    expect(
      checkUpdate(
        updateOf((doc) => doc.getArray('messages').push([{ a: undefined }])),
        LIMITS,
      ),
    ).toMatchObject({ ok: false, reason: 'entries must be plain JSON' })
  })

  it('rejects an entry over the size limit and accepts one at it', () => {
    // {"t":"…"} is 8 bytes of framing around the text.
    const atLimit = { t: 'x'.repeat(LIMITS.maxEntryBytes - 8) }
    expect(
      checkUpdate(
        updateOf((doc) => doc.getArray('messages').push([atLimit])),
        LIMITS,
      ).ok,
    ).toBe(true)
    const over = { t: 'é'.repeat(LIMITS.maxEntryBytes / 2) }
    expect(
      checkUpdate(
        updateOf((doc) => doc.getArray('messages').push([over])),
        LIMITS,
      ),
    ).toMatchObject({
      ok: false,
      kind: 'tooLarge',
    })
  })

  it('measures entries whose JSON is much larger than their encoding', () => {
    // 200 `false` take ~200 bytes encoded but 1,201 bytes as JSON, over a 1,024-byte limit.
    const falses = Array.from({ length: 200 }, () => false)
    expect(
      checkUpdate(
        updateOf((doc) => doc.getArray('messages').push([falses])),
        LIMITS,
      ),
    ).toMatchObject({
      ok: false,
      kind: 'tooLarge',
    })
    const controls = { t: '\u0001'.repeat(200) }
    expect(
      checkUpdate(
        updateOf((doc) => doc.getArray('messages').push([controls])),
        LIMITS,
      ),
    ).toMatchObject({
      ok: false,
      kind: 'tooLarge',
    })
  })

  it('reports garbage and truncated updates as malformed', () => {
    expect(checkUpdate(new Uint8Array([0xff, 0xff, 0xff]), LIMITS)).toMatchObject({ kind: 'malformed' })
    const good = updateOf((doc) => doc.getArray('messages').push([{ text: 'hello world' }]))
    expect(checkUpdate(good.slice(0, good.length - 4), LIMITS)).toMatchObject({ kind: 'malformed' })
  })
})

describe('isPlainJson', () => {
  it('accepts JSON and rejects what JSON cannot carry', () => {
    expect(isPlainJson({ a: [1, 'b', null, true, { c: 2.5 }] }, 0)).toBe(true)
    expect(isPlainJson(Number.NaN, 0)).toBe(false)
    expect(isPlainJson(10n, 0)).toBe(false)
    expect(isPlainJson(new Date(), 0)).toBe(false)
    let deep: unknown = 1
    for (let i = 0; i < 40; i++) deep = [deep]
    expect(isPlainJson(deep, 0)).toBe(false)
  })
})

describe('checkUpdate on hand-encoded updates', () => {
  const item = (content: HandContent, parent?: string | { client: number; clock: number }) =>
    encodeHandUpdate([
      { client: 7, clock: 0, structs: [{ kind: 'item', content, ...(parent ? { parent } : {}) }] },
    ])

  it('accepts JSON values as ContentAny and names every other content kind it refuses', () => {
    expect(checkUpdate(item({ kind: 'any', values: [{ text: 'hi' }, 3, null] }), LIMITS)).toMatchObject({
      ok: true,
      entries: 3,
    })
    const refused: Array<[HandContent, string]> = [
      [{ kind: 'deleted', length: 2 }, 'deleted content is not allowed'],
      [{ kind: 'json', values: [1] }, 'non-JSON content is not allowed'],
      [{ kind: 'binary', bytes: new Uint8Array([1]) }, 'binary content is not allowed'],
      [{ kind: 'string', text: 'abc' }, 'text content is not allowed'],
      [{ kind: 'embed', value: { image: 'x' } }, 'embed content is not allowed'],
      [{ kind: 'format', key: 'bold', value: true }, 'format content is not allowed'],
      [{ kind: 'type', typeRef: 0 }, 'nested type content is not allowed'],
      [{ kind: 'doc', guid: 'sub' }, 'subdocument content is not allowed'],
    ]
    for (const [content, reason] of refused) {
      expect(checkUpdate(item(content), LIMITS), content.kind).toMatchObject({
        ok: false,
        kind: 'forbidden',
        reason,
      })
    }
  })

  it('refuses a parent given by id and names the offending item', () => {
    const verdict = checkUpdate(item({ kind: 'any', values: [1] }, { client: 3, clock: 0 }), LIMITS)
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'nested types are not allowed',
      offending: { client: 7, clock: 0, length: 1 },
    })
  })

  it('refuses a lone GC struct and any delete set, even an empty range', () => {
    const gc = encodeHandUpdate([{ client: 7, clock: 0, structs: [{ kind: 'gc', length: 3 }] }])
    expect(checkUpdate(gc, LIMITS)).toMatchObject({ ok: false, reason: 'deleted content is not allowed' })
    const emptyDelete = encodeHandUpdate([], [{ client: 9, clock: 50, length: 0 }])
    expect(checkUpdate(emptyDelete, LIMITS)).toMatchObject({ ok: false, reason: 'deletions are not allowed' })
  })

  it('names the one oversized entry inside a run of entries', () => {
    const values = ['small', 'x'.repeat(2_000), 'small']
    const verdict = checkUpdate(item({ kind: 'any', values }), LIMITS)
    expect(verdict).toMatchObject({
      ok: false,
      kind: 'tooLarge',
      offending: { client: 7, clock: 1, length: 1 },
    })
  })

  it('passes items after a clock gap and with unknown origins: dependencies are checked apart', () => {
    const afterGap = handEntry(7, 5, 'late')
    const unknownOrigin = handEntry(7, 0, 'x', { client: 99, clock: 4 })
    expect(checkUpdate(afterGap, LIMITS).ok).toBe(true)
    expect(checkUpdate(unknownOrigin, LIMITS).ok).toBe(true)
  })
})
