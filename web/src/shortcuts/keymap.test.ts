import { describe, expect, it } from 'vitest'
import { type KeyPress, keyName, shortcutOf } from './keymap'

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inTextField: false,
  ...extra,
})

describe('shortcuts', () => {
  it('reads Ctrl or Cmd+K, Alt+arrows and ?', () => {
    expect(shortcutOf(press('k', { ctrlKey: true }))).toBe('switcher')
    expect(shortcutOf(press('K', { metaKey: true, inTextField: true }))).toBe('switcher')
    expect(shortcutOf(press('ArrowUp', { altKey: true, inTextField: true }))).toBe('previousRoom')
    expect(shortcutOf(press('ArrowDown', { altKey: true }))).toBe('nextRoom')
    expect(shortcutOf(press('?', { shiftKey: true }))).toBe('help')
  })

  it('leaves typing alone', () => {
    expect(shortcutOf(press('?', { inTextField: true }))).toBeNull()
    expect(shortcutOf(press('k'))).toBeNull()
    expect(shortcutOf(press('ArrowUp'))).toBeNull()
  })

  it('names the modifier per platform', () => {
    expect(keyName('Mod', true)).toBe('⌘')
    expect(keyName('Mod', false)).toBe('Ctrl')
  })
})
