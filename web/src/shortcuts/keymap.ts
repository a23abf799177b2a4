// The keyboard shortcuts: what each does (for the help sheet and the README) and which key press
// means which (pure, so it is tested without a browser).

export type ShortcutAction = 'switcher' | 'previousRoom' | 'nextRoom' | 'help'

export interface Shortcut {
  keys: readonly string[]
  does: string
}

/** Shown in the help sheet, in this order. `Mod` is Ctrl, or ⌘ on a Mac. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Mod', 'K'], does: 'Jump to a room by name' },
  { keys: ['Alt', '↑'], does: 'Previous room in the sidebar' },
  { keys: ['Alt', '↓'], does: 'Next room in the sidebar' },
  { keys: ['↑'], does: 'Edit your last message (in an empty message box)' },
  { keys: ['Esc'], does: 'Cancel an edit or a reply; close a menu or dialog' },
  { keys: ['Enter'], does: 'Send the message, or save the edit' },
  { keys: ['Shift', 'Enter'], does: 'New line' },
  { keys: ['?'], does: 'Show these shortcuts (outside a text field)' },
]

export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
  /** Whether the focus is in a field that takes text. */
  inTextField: boolean
}

/** Which shortcut a key press is, if any. */
export function shortcutOf(press: KeyPress): ShortcutAction | null {
  const mod = press.ctrlKey || press.metaKey
  if (mod && !press.altKey && press.key.toLowerCase() === 'k') return 'switcher'
  if (press.altKey && !mod && press.key === 'ArrowUp') return 'previousRoom'
  if (press.altKey && !mod && press.key === 'ArrowDown') return 'nextRoom'
  if (press.key === '?' && !mod && !press.altKey && !press.inTextField) return 'help'
  return null
}

/** `Mod` as this platform writes it. */
export function keyName(key: string, mac: boolean): string {
  return key === 'Mod' ? (mac ? '⌘' : 'Ctrl') : key
}
