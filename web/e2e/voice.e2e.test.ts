// A voice message recorded in one browser (fake microphone) plays in another: recorded with
// MediaRecorder, uploaded as an audio attachment with its duration and waveform, played inline.
import { describe, expect, it } from 'vitest'
import { arrive, consoleProblems, conversation, createRoom, joinRoom } from './chat'
import { MEDIA_ARGS } from './harness'
import { useScene } from './scene'

describe('voice messages', () => {
  const scene = useScene({ browserArgs: MEDIA_ARGS })

  it('recorded by Alice, with its duration and waveform, plays for Bob', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const bob = await scene.person('bob')
    await arrive(alice.page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    const roomUrl = await createRoom(alice.page)
    await joinRoom(bob.page, roomUrl, 'Bob')

    await alice.page.getByRole('button', { name: '🎤 Record' }).click()
    // The duration counts up while recording; two seconds make a message worth playing.
    await alice.page.getByRole('status').filter({ hasText: 'Recording 0:02' }).waitFor()
    await alice.page.getByRole('button', { name: 'Send voice message' }).click()
    const mine = conversation(alice.page).getByRole('button', { name: 'Play voice message' })
    await mine.waitFor()
    await conversation(alice.page).getByText('uploading…').waitFor({ state: 'detached' })

    const voice = conversation(bob.page).locator('.voice-player')
    await voice.waitFor()
    const duration = await voice.locator('.voice-time').textContent()
    expect(duration).toMatch(/^0:0[2-4]$/)
    // A waveform of the fake microphone's beep: bars, not all silent.
    const bars = await voice
      .locator('.voice-bar')
      .evaluateAll((els) => els.map((el) => el.getAttribute('style')))
    expect(bars.length).toBeGreaterThan(10)
    expect(bars.some((style) => !style?.includes('height: 8%'))).toBe(true)

    await voice.getByRole('button', { name: 'Play voice message' }).click()
    const progress = voice.getByRole('progressbar', { name: 'Voice message progress' })
    await expect
      .poll(async () => Number(await progress.getAttribute('value')), { timeout: 15_000 })
      .toBeGreaterThan(500)
    // It plays to the end.
    await voice.getByRole('button', { name: 'Play voice message' }).waitFor({ timeout: 15_000 })
    expect(Number(await progress.getAttribute('value'))).toBeGreaterThan(1500)
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
