import { describe, expect, it } from 'vitest'
import { menuMove } from './Menu'

describe('menu keys', () => {
  it('move through the items and wrap around', () => {
    expect(menuMove('ArrowDown', 0, 3)).toBe(1)
    expect(menuMove('ArrowDown', 2, 3)).toBe(0)
    expect(menuMove('ArrowUp', 0, 3)).toBe(2)
    expect(menuMove('End', 0, 3)).toBe(2)
    expect(menuMove('Home', 2, 3)).toBe(0)
    expect(menuMove('a', 1, 3)).toBeNull()
  })
})
