// Updates written byte by byte in Yjs's v1 update format, not through the Yjs API: a hostile
// client can send any of these, including shapes Yjs itself never produces.
import * as encoding from 'lib0/encoding'

const BIT_ORIGIN = 0x80
const BIT_RIGHT_ORIGIN = 0x40
const BIT_PARENT_SUB = 0x20

export interface HandId {
  client: number
  clock: number
}

/** What an item's content is, with the content reference Yjs uses for it. */
export type HandContent =
  | { kind: 'any'; values: unknown[] }
  | { kind: 'deleted'; length: number }
  | { kind: 'json'; values: unknown[] }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'string'; text: string }
  | { kind: 'embed'; value: unknown }
  | { kind: 'format'; key: string; value: unknown }
  | { kind: 'type'; typeRef: number }
  | { kind: 'doc'; guid: string }

export type HandStruct =
  | { kind: 'gc'; length: number }
  | { kind: 'skip'; length: number }
  | {
      kind: 'item'
      origin?: HandId
      rightOrigin?: HandId
      /** A root type's name, or the id of the item that is the parent type. */
      parent?: string | HandId
      parentSub?: string
      content: HandContent
    }

export interface HandRun {
  client: number
  clock: number
  structs: HandStruct[]
}

const CONTENT_REF = {
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
}

/** Encodes runs of structs (one per client) and an optional delete set into a v1 update. */
export function encodeHandUpdate(
  runs: HandRun[],
  deletes: Array<HandId & { length: number }> = [],
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, runs.length)
  for (const run of runs) {
    encoding.writeVarUint(encoder, run.structs.length)
    encoding.writeVarUint(encoder, run.client)
    encoding.writeVarUint(encoder, run.clock)
    for (const struct of run.structs) writeStruct(encoder, struct)
  }
  encoding.writeVarUint(encoder, deletes.length)
  for (const range of deletes) {
    encoding.writeVarUint(encoder, range.client)
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint(encoder, range.clock)
    encoding.writeVarUint(encoder, range.length)
  }
  return encoding.toUint8Array(encoder)
}

function writeStruct(encoder: encoding.Encoder, struct: HandStruct): void {
  if (struct.kind === 'gc' || struct.kind === 'skip') {
    encoding.writeUint8(encoder, struct.kind === 'gc' ? 0 : 10)
    encoding.writeVarUint(encoder, struct.length)
    return
  }
  const info =
    CONTENT_REF[struct.content.kind] |
    (struct.origin ? BIT_ORIGIN : 0) |
    (struct.rightOrigin ? BIT_RIGHT_ORIGIN : 0) |
    (struct.parentSub !== undefined ? BIT_PARENT_SUB : 0)
  encoding.writeUint8(encoder, info)
  if (struct.origin) writeId(encoder, struct.origin)
  if (struct.rightOrigin) writeId(encoder, struct.rightOrigin)
  if (!struct.origin && !struct.rightOrigin) {
    const parent = struct.parent ?? 'messages'
    if (typeof parent === 'string') {
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarString(encoder, parent)
    } else {
      encoding.writeVarUint(encoder, 0)
      writeId(encoder, parent)
    }
    if (struct.parentSub !== undefined) encoding.writeVarString(encoder, struct.parentSub)
  }
  writeContent(encoder, struct.content)
}

function writeContent(encoder: encoding.Encoder, content: HandContent): void {
  switch (content.kind) {
    case 'any':
      encoding.writeVarUint(encoder, content.values.length)
      for (const value of content.values) encoding.writeAny(encoder, value as never)
      return
    case 'deleted':
      encoding.writeVarUint(encoder, content.length)
      return
    case 'json':
      encoding.writeVarUint(encoder, content.values.length)
      for (const value of content.values) encoding.writeVarString(encoder, JSON.stringify(value))
      return
    case 'binary':
      encoding.writeVarUint8Array(encoder, content.bytes)
      return
    case 'string':
      encoding.writeVarString(encoder, content.text)
      return
    case 'embed':
      encoding.writeVarString(encoder, JSON.stringify(content.value))
      return
    case 'format':
      encoding.writeVarString(encoder, content.key)
      encoding.writeVarString(encoder, JSON.stringify(content.value))
      return
    case 'type':
      encoding.writeVarUint(encoder, content.typeRef)
      return
    case 'doc':
      encoding.writeVarString(encoder, content.guid)
      encoding.writeAny(encoder, {})
      return
  }
}

function writeId(encoder: encoding.Encoder, id: HandId): void {
  encoding.writeVarUint(encoder, id.client)
  encoding.writeVarUint(encoder, id.clock)
}

/** One entry appended at the start of `messages` by `client` at `clock`. */
export function handEntry(client: number, clock: number, value: unknown, origin?: HandId): Uint8Array {
  return encodeHandUpdate([
    {
      client,
      clock,
      structs: [{ kind: 'item', ...(origin ? { origin } : {}), content: { kind: 'any', values: [value] } }],
    },
  ])
}
