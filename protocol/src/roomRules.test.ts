import { describe, expect, it } from 'vitest'
import { createRoomRules, LEVEL_MODERATOR, LEVEL_OWNER, mayBeControl, parseControlBody } from './roomRules.js'

const key = (letter: string) => letter.repeat(43)
const [owner, mod, alice, bob, mallory] = ['o', 'm', 'a', 'b', 'x'].map(key) as [
  string,
  string,
  string,
  string,
  string,
]

function room() {
  const rules = createRoomRules()
  rules.apply(owner, { v: 2, type: 'join' })
  return rules
}

describe('room rules', () => {
  it('makes the first signed entry’s author the owner, and only owners name moderators', () => {
    const rules = room()
    expect(rules.levelOf(owner)).toBe(LEVEL_OWNER)
    expect(rules.apply(alice, { v: 2, type: 'role', target: alice, level: 100 })).toBe(
      'only an owner names moderators and owners',
    )
    expect(rules.apply(owner, { v: 2, type: 'role', target: mod, level: 50 })).toBeNull()
    expect(rules.levelOf(mod)).toBe(LEVEL_MODERATOR)
    expect(rules.apply(mod, { v: 2, type: 'role', target: bob, level: 50 })).toBe(
      'only an owner names moderators and owners',
    )
  })

  it('lets moderators mute and ban only people below them, and restore them', () => {
    const rules = room()
    rules.apply(owner, { v: 2, type: 'role', target: mod, level: 50 })
    expect(rules.apply(mod, { v: 2, type: 'ban', target: mallory, on: true })).toBeNull()
    expect(rules.mayWrite(mallory)).toBe(false)
    expect(rules.apply(mod, { v: 2, type: 'ban', target: owner, on: true })).toBe(
      'only someone above a person can mute or ban them',
    )
    expect(rules.apply(alice, { v: 2, type: 'mute', target: bob, on: true })).toBe(
      'only moderators and owners mute and ban',
    )
    expect(rules.apply(mod, { v: 2, type: 'mute', target: bob, on: true })).toBeNull()
    expect(rules.isMuted(bob)).toBe(true)
    expect(rules.apply(mod, { v: 2, type: 'ban', target: mallory, on: false })).toBeNull()
    expect(rules.mayWrite(mallory)).toBe(true)
    // A banned moderator's own moderation counts for nothing.
    rules.apply(owner, { v: 2, type: 'ban', target: mod, on: true })
    expect(rules.apply(mod, { v: 2, type: 'ban', target: bob, on: true })).toBe(
      'its author may not write here',
    )
  })

  it('keeps the last owner, and lets an owner step down when another owner remains', () => {
    const rules = room()
    expect(rules.apply(owner, { v: 2, type: 'role', target: owner, level: 0 })).toBe(
      'the last owner cannot step down',
    )
    rules.apply(owner, { v: 2, type: 'role', target: alice, level: 100 })
    expect(rules.apply(alice, { v: 2, type: 'role', target: owner, level: 0 })).toBe(
      'only someone above a person can change their level',
    )
    expect(rules.apply(owner, { v: 2, type: 'role', target: owner, level: 0 })).toBeNull()
    expect(rules.owners).toEqual([alice])
  })

  it('resolves two moderators acting at once by log order, the same on every peer', () => {
    const fold = (order: Array<[string, unknown]>) => {
      const rules = room()
      rules.apply(owner, { v: 2, type: 'role', target: mod, level: 50 })
      rules.apply(owner, { v: 2, type: 'role', target: alice, level: 50 })
      for (const [author, body] of order) rules.apply(author, body)
      return [rules.isBanned(bob), rules.isMuted(bob)]
    }
    const ban: [string, unknown] = [mod, { v: 2, type: 'ban', target: bob, on: true }]
    const unban: [string, unknown] = [alice, { v: 2, type: 'ban', target: bob, on: false }]
    expect(fold([ban, unban])).toEqual([false, false])
    expect(fold([unban, ban])).toEqual([true, false])
  })

  it('closes a room to the members its first entry lists', () => {
    const rules = createRoomRules()
    expect(rules.apply(alice, { v: 2, type: 'members', keys: [alice, bob] })).toBeNull()
    expect([rules.mayWrite(alice), rules.mayWrite(bob), rules.mayWrite(mallory)]).toEqual([true, true, false])
    expect(rules.apply(bob, { v: 2, type: 'members', keys: [mallory] })).toBe(
      'members can only be declared by the first entry',
    )
    expect(rules.members).toEqual(new Set([alice, bob]))
  })

  it('lets only owners set who may change the title and topic', () => {
    const rules = room()
    expect(rules.apply(alice, { v: 2, type: 'policy', title: 50, topic: 50 })).toBe(
      'only an owner changes who may set the title and topic',
    )
    expect(rules.apply(owner, { v: 2, type: 'policy', title: 50, topic: 100 })).toBeNull()
    expect(rules.policy).toEqual({ title: 50, topic: 100 })
  })

  it('reads only well-formed control bodies, and spots them in text before parsing', () => {
    expect(parseControlBody({ v: 2, type: 'ban', target: 'short', on: true })).toBeNull()
    expect(parseControlBody({ v: 2, type: 'role', target: alice, level: 75 })).toBeNull()
    expect(parseControlBody({ v: 2, type: 'message', text: 'hi' })).toBeNull()
    expect(mayBeControl(JSON.stringify({ v: 2, type: 'ban', target: alice, on: true }))).toBe(true)
    // Quotes inside a string are escaped, so a message's text never looks like a field.
    const talk = JSON.stringify({ v: 2, type: 'message', text: 'talk about "type":"ban"' })
    expect(mayBeControl(talk)).toBe(false)
    expect(mayBeControl('{"v": 2, "type" : "ban", "target": "x", "on": true}')).toBe(true)
    expect(mayBeControl(JSON.stringify({ v: 2, type: 'message', text: 'hello' }))).toBe(false)
  })
})
