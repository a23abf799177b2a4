// `node --import tsx web/bench/threadFoldBench.ts` (part of `npm run bench:web`): the fold's cost
// for a 100k-entry room whose messages include 10,000 thread replies, against the same room
// without threads, in the same run and alternating. Entries are signed once (node:crypto) and
// folded with every signature trusted, so the figures are the fold alone: the full fold of the log
// (what a first load costs after verification) and 1,000 single appends folded one by one.
//
// Flags: --runs N (default 5), --size N (default 100000), --replies N (default 10000).
import crypto from 'node:crypto'
import { parseArgs } from 'node:util'
import { entryIdOf, envelopeOf, signingBytes } from '@parley/protocol'
import * as Y from 'yjs'
import { foldLog, getLog, type NewEntry } from '../src/room'
import { encodeBody } from '../src/room/bodies'
import { applyTransaction } from '../src/room/fold'
import { createRandom } from '../src/room/testing'
import { formatMs, printTable, summarize } from './stats'

const ROOM = 'bench-threads'
const AUTHORS = 8
const APPENDS = 1000
const TRUST_ALL = () => true

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      size: { type: 'string', default: '100000' },
      replies: { type: 'string', default: '10000' },
    },
  })
  return { runs: Number(values.runs), size: Number(values.size), replies: Number(values.replies) }
}

interface Author {
  key: string
  privateKey: crypto.KeyObject
}

function seal(author: Author, entry: NewEntry, ts: number) {
  const body = encodeBody(entry, ts)
  return envelopeOf(
    author.key,
    body,
    crypto.sign(null, signingBytes(ROOM, author.key, body), author.privateKey),
  )
}

/** `size` message entries, `replies` of them (spread evenly) replies in threads of earlier ones. */
function buildLog(size: number, replies: number, seed: number) {
  const random = createRandom(seed)
  const authors: Author[] = Array.from({ length: AUTHORS }, () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519')
    return { key: publicKey.export({ format: 'jwk' }).x as string, privateKey }
  })
  const roots: string[] = []
  const values = []
  const every = replies === 0 ? Number.POSITIVE_INFINITY : size / replies
  let nextReply = every
  for (let i = 0; i < size; i++) {
    const author = authors[i % AUTHORS] as Author
    const reply = i >= nextReply && roots.length > 0
    const entry: NewEntry = reply
      ? { type: 'message', text: `reply ${i}`, thread: roots[Math.floor(random() * roots.length)] }
      : { type: 'message', text: `message ${i} about the relay` }
    if (reply) nextReply += every
    const envelope = seal(author, entry, 1_700_000_000_000 + i)
    if (!reply && roots.length < 2000) roots.push(entryIdOf(envelope))
    values.push(envelope)
  }
  return values
}

function timeFullFold(values: readonly unknown[]): { ms: number; threads: number } {
  const doc = new Y.Doc()
  getLog(doc).push([...values])
  const started = performance.now()
  const state = foldLog(getLog(doc), TRUST_ALL)
  const ms = performance.now() - started
  const threads = state.getSnapshot().threads.size
  doc.destroy()
  return { ms, threads }
}

/** Folds the first `values.length - APPENDS` at once, then the rest one transaction each. */
function timeAppends(values: readonly unknown[]): number {
  const doc = new Y.Doc()
  const log = getLog(doc)
  log.push(values.slice(0, values.length - APPENDS))
  const state = foldLog(log, TRUST_ALL)
  let total = 0
  const observer = (_event: unknown, transaction: Y.Transaction) => {
    const started = performance.now()
    if (!applyTransaction(state, log, transaction)) throw new Error('an append was not folded incrementally')
    state.getSnapshot()
    total += performance.now() - started
  }
  log.observe(observer)
  for (const value of values.slice(values.length - APPENDS)) log.push([value])
  doc.destroy()
  return total / APPENDS
}

function run(): void {
  const { runs, size, replies } = options()
  process.stderr.write(`[bench:threads] signing two logs of ${size} entries\n`)
  const plain = buildLog(size, 0, 7)
  const threaded = buildLog(size, replies, 7)
  const samples = {
    plain: [] as number[],
    threaded: [] as number[],
    plainAppend: [] as number[],
    threadedAppend: [] as number[],
  }
  let threads = 0
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`[bench:threads] run ${i + 1} of ${runs}\n`)
    samples.plain.push(timeFullFold(plain).ms)
    const folded = timeFullFold(threaded)
    samples.threaded.push(folded.ms)
    threads = folded.threads
    samples.plainAppend.push(timeAppends(plain))
    samples.threadedAppend.push(timeAppends(threaded))
  }
  const ratio = summarize(samples.threaded).median / summarize(samples.plain).median
  const perAppend = (values: number[]) => {
    const s = summarize(values)
    return `${(s.median * 1000).toFixed(0)} µs (${(s.min * 1000).toFixed(0)}–${(s.max * 1000).toFixed(0)}, n=${s.runs})`
  }
  process.stdout.write(
    `\nFold cost, ${size.toLocaleString('en')} entries (signatures trusted; Node ${process.version}; machine shared with other work)\n`,
  )
  printTable([
    ['full fold, no threads', formatMs(summarize(samples.plain))],
    [
      `full fold, ${replies.toLocaleString('en')} replies in ${threads} threads`,
      formatMs(summarize(samples.threaded)),
    ],
    ['ratio threaded / plain (medians)', ratio.toFixed(2)],
    [`per append (last ${APPENDS}), no threads`, perAppend(samples.plainAppend)],
    [`per append (last ${APPENDS}), with threads`, perAppend(samples.threadedAppend)],
  ])
}

run()
