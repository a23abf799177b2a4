// `npm run bench:moderation`: the time to fold a 100k-entry room with 1,000 moderation entries
// (roles, hides, mutes and bans, on and off) against a room of the same size without any, in the
// same process, alternating rounds (target: within 10%). The fold is the app's own (web/src/room)
// on a device that already verified the history (its trust says every entry is valid), which is
// how a room is opened after the first time; the signatures are real (node:crypto Ed25519).
import crypto from 'node:crypto'
import { envelopeOf, signingBytes } from '@parley/protocol'
import * as Y from 'yjs'
import { foldLog } from '../src/room/fold'
import { getLog } from '../src/room/log'

const ROOM = 'bench-room'
const ENTRIES = 100_000
const MODERATION_ENTRIES = 1_000
const AUTHORS = 50
const ROUNDS = 9
/** Authors who are muted or banned now and then. */
const TROUBLEMAKERS = 5

interface Author {
  key: string
  seal(body: string): unknown
}

function author(): Author {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const key = publicKey.export({ format: 'jwk' }).x as string
  return {
    key,
    seal: (body) => envelopeOf(key, body, crypto.sign(null, signingBytes(ROOM, key, body), privateKey)),
  }
}

function message(i: number): string {
  return JSON.stringify({
    v: 2,
    type: 'message',
    ts: 1_700_000_000_000 + i,
    text: `message number ${i} of the room`,
  })
}

/**
 * The i-th moderation entry by the owner: hides of recent messages, and mutes and bans (on, then
 * off again) of a few troublemakers, as a room with a spam problem would see.
 */
function moderation(i: number, people: readonly Author[], recent: readonly string[]): string {
  const target = people[1 + (i % TROUBLEMAKERS)]?.key ?? ''
  const on = i % 4 < 2
  switch (i % 3) {
    case 0:
      return JSON.stringify({ v: 2, type: 'hide', ts: i, target: recent[i % recent.length], on })
    case 1:
      return JSON.stringify({ v: 2, type: 'mute', ts: i, target, on })
    default:
      return JSON.stringify({ v: 2, type: 'ban', ts: i, target, on })
  }
}

/** A doc of ENTRIES signed entries; with `moderated`, every 100th is a moderation entry instead. */
function buildRoom(people: readonly Author[], moderated: boolean): Y.Doc {
  const doc = new Y.Doc()
  const values: unknown[] = []
  const recent: string[] = []
  const owner = people[0] as Author
  values.push(
    owner.seal(JSON.stringify({ v: 2, type: 'profile', ts: 0, seq: 1, name: 'Owner', color: '#1971c2' })),
  )
  let moderationCount = 0
  for (let i = 1; i < ENTRIES; i++) {
    if (moderated && i % 100 === 0 && moderationCount < MODERATION_ENTRIES && recent.length > 0) {
      values.push(owner.seal(moderation(moderationCount++, people, recent)))
      continue
    }
    const writer = people[i % AUTHORS] as Author
    const envelope = writer.seal(message(i)) as { sig: string }
    values.push(envelope)
    recent.push(envelope.sig.slice(0, 22))
    if (recent.length > 200) recent.shift()
  }
  getLog(doc).insert(0, values)
  return doc
}

const TRUST_ALL = () => true

/**
 * CPU time of the process (user + system) while folding: steadier than wall time on a machine
 * shared with other work, and the fold is synchronous, so it is the fold's own cost (plus GC).
 */
function foldMs(doc: Y.Doc): number {
  const start = process.cpuUsage()
  const state = foldLog(getLog(doc), TRUST_ALL)
  const snapshot = state.getSnapshot()
  const used = process.cpuUsage(start)
  const ms = (used.user + used.system) / 1000
  if (snapshot.timeline.length === 0) throw new Error('nothing folded')
  return ms
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function main(): void {
  const people = Array.from({ length: AUTHORS }, author)
  process.stderr.write('[bench:moderation] signing 2 × 100k entries…\n')
  const plain = buildRoom(people, false)
  const moderated = buildRoom(people, true)
  const check = foldLog(getLog(moderated), TRUST_ALL).getSnapshot().moderation
  foldMs(plain)
  foldMs(moderated) // warm-up of both paths
  const samples = { plain: [] as number[], moderated: [] as number[] }
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      samples.plain.push(foldMs(plain))
      samples.moderated.push(foldMs(moderated))
    } else {
      samples.moderated.push(foldMs(moderated))
      samples.plain.push(foldMs(plain))
    }
  }
  const a = median(samples.plain)
  const b = median(samples.moderated)
  process.stdout.write(
    [
      `Fold of a ${ENTRIES.toLocaleString('en')}-entry room, CPU time, median of ${ROUNDS} alternating rounds (Node ${process.version})`,
      `  without moderation entries           : ${a.toFixed(0)} ms`,
      `  with ${MODERATION_ENTRIES} moderation entries         : ${b.toFixed(0)} ms`,
      `  ratio                                : ${(b / a).toFixed(3)} (target ≤ 1.10)`,
      `  moderated room: ${check.hidden.size} hidden, ${check.suppressed.size} entries left out, ${check.muted.size} muted, ${check.banned.size} banned`,
      `  rounds plain     ${samples.plain.map((v) => v.toFixed(0)).join(' ')}`,
      `  rounds moderated ${samples.moderated.map((v) => v.toFixed(0)).join(' ')}`,
      '',
    ].join('\n'),
  )
}

main()
