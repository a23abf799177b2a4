// What edits, retractions, reactions and replies make of a message. Pure functions of the message
// and the entries that target it, in log order: every peer that holds the same log computes the
// same item, however the entries reached it.
import type { ModifierEntry } from './schema'
import type { MessageItem, Quote, ReactionSummary } from './timeline'

/** Quotes show one line; a longer one is cut here (the UI may cut it shorter). */
const QUOTE_MAX_CHARS = 200
const NONE: readonly never[] = Object.freeze([])

function summarize(reactions: Map<string, Set<string>>): ReactionSummary[] {
  return [...reactions].map(([emoji, users]) => ({ emoji, userIds: [...users], count: users.size }))
}

/** Sets one user's reaction; an emoji nobody uses any more is forgotten (and goes last if re-added). */
function react(reactions: Map<string, Set<string>>, entry: ModifierEntry & { type: 'reaction' }): void {
  const users = reactions.get(entry.emoji)
  if (entry.on) {
    if (users) users.add(entry.authorId)
    else reactions.set(entry.emoji, new Set([entry.authorId]))
  } else if (users?.delete(entry.authorId) && users.size === 0) {
    reactions.delete(entry.emoji)
  }
}

/**
 * Whether `entry` may change `base`. Signed entries change only signed messages and legacy entries
 * only legacy ones; edits and retractions count only from the message's own author (its key, or
 * for legacy entries the same claimed id); a reaction is always its own author's.
 */
export function honours(base: MessageItem, entry: ModifierEntry): boolean {
  if ((entry.claim === null) !== base.author.verified) return false
  return entry.type === 'reaction' || entry.authorId === base.author.id
}

/** How many of `modifiers` `base` ignores: forgeries, counted for the room's info. */
export function countDishonoured(base: MessageItem, modifiers: readonly ModifierEntry[]): number {
  let count = 0
  for (const entry of modifiers) if (!honours(base, entry)) count++
  return count
}

/**
 * `base` as changed by `modifiers` (all entries targeting it, in log order), counting only those
 * it honours; after a retraction nothing but the fact remains.
 */
export function applyModifiers(base: MessageItem, modifiers: readonly ModifierEntry[]): MessageItem {
  if (modifiers.length === 0) return base
  let text = base.text
  const previousTexts: string[] = []
  const reactions = new Map<string, Set<string>>()
  for (const entry of modifiers) {
    if (!honours(base, entry)) continue
    if (entry.type === 'reaction') react(reactions, entry)
    else if (entry.type === 'retract') {
      return {
        ...base,
        text: '',
        previousTexts: NONE,
        edited: false,
        retracted: true,
        reactions: NONE,
        attachments: NONE,
      }
    } else {
      previousTexts.push(text)
      text = entry.text
    }
  }
  return {
    ...base,
    text,
    previousTexts: previousTexts.length > 0 ? previousTexts : NONE,
    edited: previousTexts.length > 0,
    reactions: reactions.size > 0 ? summarize(reactions) : NONE,
  }
}

export function firstLine(text: string): string {
  const line = text.trimStart().split('\n', 1)[0] ?? ''
  return line.length > QUOTE_MAX_CHARS ? `${line.slice(0, QUOTE_MAX_CHARS - 1)}…` : line
}

export function quoteOf(target: MessageItem): Quote {
  return {
    entryId: target.entryId,
    author: target.author,
    firstLine: firstLine(target.text),
    retracted: target.retracted,
    attachmentCount: target.attachments.length,
  }
}

/** `item` with the quote of the message it answers (`target`, when known). */
export function withQuote(item: MessageItem, target: MessageItem | undefined): MessageItem {
  if (item.replyTo === null) return item
  return { ...item, quote: target ? quoteOf(target) : null }
}

/** Whether `userId` currently reacts to `item` with `emoji`: a toggle writes the opposite. */
export function hasReacted(item: MessageItem, emoji: string, userId: string): boolean {
  return item.reactions.some((reaction) => reaction.emoji === emoji && reaction.userIds.includes(userId))
}
