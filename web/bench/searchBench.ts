// `node --import tsx web/bench/searchBench.ts`: how long the offline search index takes to build
// and to answer, on generated messages (10k and 100k by default), median of several runs.
//
// Flags: --runs N (default 5), --sizes 10000,100000, --seed N.
import { parseArgs } from 'node:util'
import { createRandom as random } from '../src/room/testing'
import { createSearchIndex, type SearchDoc } from '../src/search/searchIndex'
import { formatMs, printTable, summarize } from './stats'

const WORDS_PER_MESSAGE = { min: 3, max: 25 }
const VOCABULARY_WORDS = 5000
const QUERIES = ['relay', 'deploy friday', 'ver', 'w17 w4', 'nothing-matches-this']
/** Query timings are per query, so take many of them per run. */
const QUERY_REPEATS = 20

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      sizes: { type: 'string', default: '10000,100000' },
      seed: { type: 'string', default: '20240601' },
    },
  })
  return { runs: Number(values.runs), sizes: values.sizes.split(',').map(Number), seed: Number(values.seed) }
}

function generate(count: number, seed: number): SearchDoc[] {
  const next = random(seed)
  const common = ['relay', 'deploy', 'friday', 'version', 'lunch', 'review', 'bug', 'fixed']
  const vocabulary = [...common, ...Array.from({ length: VOCABULARY_WORDS }, (_, i) => `w${i}`)]
  // Zipf-like: low indexes (common words) are picked far more often.
  const word = () => vocabulary[Math.floor(vocabulary.length * next() ** 3)] ?? 'x'
  const docs: SearchDoc[] = []
  for (let i = 0; i < count; i++) {
    const length =
      WORDS_PER_MESSAGE.min + Math.floor(next() * (WORDS_PER_MESSAGE.max - WORDS_PER_MESSAGE.min))
    const text = Array.from({ length }, word).join(' ')
    const roomId = `room${i % 7}`
    docs.push({ id: `${roomId}/e${i}`, roomId, entryId: `e${i}`, author: `user${i % 13}`, ts: i, text })
  }
  return docs
}

function measure(docs: readonly SearchDoc[], runs: number) {
  const build: number[] = []
  const query: number[] = []
  let hits = 0
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    const index = createSearchIndex()
    index.add(docs)
    build.push(performance.now() - started)
    for (const text of QUERIES) {
      const queryStarted = performance.now()
      for (let i = 0; i < QUERY_REPEATS; i++) hits = index.search(text).length
      query.push((performance.now() - queryStarted) / QUERY_REPEATS)
    }
  }
  return { build: summarize(build), query: summarize(query), hits }
}

function formatQuery(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : String(Math.round(ms))
}

function main(): void {
  const { runs, sizes, seed } = options()
  process.stdout.write(`Search index: ${runs} runs, queries ${JSON.stringify(QUERIES)}\n`)
  for (const size of sizes) {
    const docs = generate(size, seed)
    const { build, query } = measure(docs, runs)
    printTable([
      [`${size.toLocaleString('en')} messages: build`, formatMs(build)],
      [
        `${size.toLocaleString('en')} messages: query`,
        `${formatQuery(query.median)} ms median (${formatQuery(query.min)}–${formatQuery(query.max)}, n=${query.runs})`,
      ],
    ])
  }
}

main()
