// A full-text index of messages from one or several rooms: an inverted index from lower-cased
// words to message numbers, plus the sorted word list for prefix lookups. Pure: documents in,
// hits out. Every query word must match, each as a prefix ("deplo" finds "deploy").
import type { ThreadView, TimelineItem } from '../room'

export interface SearchDoc {
  /** `roomId/entryId`: unique across rooms. */
  id: string
  roomId: string
  entryId: string
  author: string
  ts: number
  text: string
}

export interface SearchHit {
  doc: SearchDoc
  /** The query's words, for highlighting. */
  terms: readonly string[]
}

export interface SearchOptions {
  /** Only this room's messages. */
  roomId?: string
  limit?: number
}

export interface SearchIndex {
  add(docs: readonly SearchDoc[]): void
  /** Like add, but yields to the event loop between chunks so a page stays responsive. */
  addAsync(docs: readonly SearchDoc[]): Promise<void>
  search(query: string, options?: SearchOptions): SearchHit[]
  readonly size: number
}

const DEFAULT_LIMIT = 50
const ASYNC_CHUNK_DOCS = 5000
const WORD_SEPARATORS = /[^\p{L}\p{N}]+/u

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(WORD_SEPARATORS)
    .filter((word) => word !== '')
}

/**
 * The room's messages as documents, thread replies included: a reply's hit opens the reply, which
 * the room shows in its thread (threads/useThreadFocus.ts).
 */
export function docsFromTimeline(
  roomId: string,
  timeline: readonly TimelineItem[],
  threads: ReadonlyMap<string, ThreadView> = new Map(),
): SearchDoc[] {
  const docs: SearchDoc[] = []
  for (const item of timeline) {
    if (item.kind !== 'message' || item.text === '') continue
    const { entryId, author, ts, text } = item
    docs.push({ id: `${roomId}/${entryId}`, roomId, entryId, author: author.name, ts, text })
  }
  for (const thread of threads.values()) {
    for (const reply of thread.replies) {
      if (reply.text === '') continue
      const { entryId, author, ts, text } = reply
      docs.push({ id: `${roomId}/${entryId}`, roomId, entryId, author: author.name, ts, text })
    }
  }
  return docs
}

/** First index in sorted `terms` whose term is >= `word`. */
function lowerBound(terms: readonly string[], word: string): number {
  let low = 0
  let high = terms.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((terms[mid] ?? '') < word) low = mid + 1
    else high = mid
  }
  return low
}

export function createSearchIndex(): SearchIndex {
  const docs: SearchDoc[] = []
  const ids = new Set<string>()
  const postings = new Map<string, number[]>()
  let sortedTerms: string[] | null = null

  const addOne = (doc: SearchDoc) => {
    if (ids.has(doc.id)) return
    ids.add(doc.id)
    const number = docs.push(doc) - 1
    for (const word of new Set(tokenize(`${doc.text} ${doc.author}`))) {
      const list = postings.get(word)
      if (list) list.push(number)
      else postings.set(word, [number])
    }
    sortedTerms = null
  }

  /** Marks docs having a term starting with each word in turn; returns docs that had them all. */
  const matchAll = (words: readonly string[]): Int32Array => {
    sortedTerms ??= [...postings.keys()].sort()
    const terms = sortedTerms
    const marks = new Int32Array(docs.length)
    for (const [i, word] of words.entries()) {
      for (let t = lowerBound(terms, word); t < terms.length && terms[t]?.startsWith(word); t++) {
        for (const number of postings.get(terms[t] ?? '') ?? []) {
          if (marks[number] === i) marks[number] = i + 1
        }
      }
    }
    return marks
  }

  return {
    add(batch) {
      for (const doc of batch) addOne(doc)
    },
    async addAsync(batch) {
      for (let start = 0; start < batch.length; start += ASYNC_CHUNK_DOCS) {
        for (const doc of batch.slice(start, start + ASYNC_CHUNK_DOCS)) addOne(doc)
        await new Promise((resolve) => setTimeout(resolve, 0))
      }
    },
    search(query, { roomId, limit = DEFAULT_LIMIT } = {}) {
      const words = [...new Set(tokenize(query))]
      if (words.length === 0) return []
      const marks = matchAll(words)
      const found: SearchDoc[] = []
      for (let number = 0; number < marks.length; number++) {
        const doc = docs[number]
        if (marks[number] === words.length && doc && (roomId === undefined || doc.roomId === roomId))
          found.push(doc)
      }
      // Every hit has every word: the newest is the most useful in a chat.
      found.sort((a, b) => b.ts - a.ts)
      return found.slice(0, limit).map((doc) => ({ doc, terms: words }))
    },
    get size() {
      return docs.length
    },
  }
}
