// Calls between real Chromium contexts with fake cameras and microphones, over loopback: media
// flows both ways (asserted on WebRTC's own getStats), mute stops the audio, leaving tears the
// connection down, three people make a mesh, and two people pressing Call at once connect once.
// Only direct messages ring: a call in a room of many shows silently.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { type LinkStats, linksMade, openLinks, RECORD_PEER_CONNECTIONS } from './calls'
import { arrive, connection, consoleProblems, createRoom, joinRoom, send } from './chat'
import { acceptInvitation, messagePrivately } from './directMessages'
import { MEDIA_ARGS, type Person } from './harness'
import { type TestScene, useScene } from './scene'

const MEDIA_TIMEOUT_MS = 30_000
/** Enough video bytes to be sure time passed with the connection up (about a second of it). */
const VIDEO_PROGRESS_BYTES = 20_000

async function caller(scene: TestScene, name: string): Promise<Person> {
  const person = await scene.person(name)
  await person.context.addInitScript(RECORD_PEER_CONNECTIONS)
  return person
}

/** A relay and `names.length` people in one room, the first having made it. */
async function roomOf(scene: TestScene, ...names: string[]): Promise<Person[]> {
  const relay = await scene.relay()
  const people = await Promise.all(names.map((name) => caller(scene, name)))
  const [first, ...rest] = people
  if (first === undefined) throw new Error('nobody to call')
  await arrive(first.page, `http://127.0.0.1:${relay.port}/`, names[0] ?? '')
  const roomUrl = await createRoom(first.page)
  for (const [index, person] of rest.entries()) await joinRoom(person.page, roomUrl, names[index + 1] ?? '')
  return people
}

/** Waits until the page has `count` connected links, each receiving audio and video. */
async function receivingFromAll(page: Page, count: number): Promise<LinkStats[]> {
  let links: LinkStats[] = []
  await expect
    .poll(
      async () => {
        links = await openLinks(page)
        return links.filter(
          (l) => l.connectionState === 'connected' && l.audioBytesReceived > 0 && l.videoFramesDecoded > 0,
        ).length
      },
      { timeout: MEDIA_TIMEOUT_MS },
    )
    .toBe(count)
  return links
}

function call(page: Page): Promise<void> {
  return page
    .locator('.room-header')
    .getByRole('button', { name: /^(Call|Join call)$/ })
    .click()
}

/**
 * Audio bytes Bob received, sampled while video keeps arriving: true once they stayed the same
 * while at least VIDEO_PROGRESS_BYTES of video came in (so the link was alive the whole time).
 */
async function audioStoppedWhileVideoFlows(page: Page): Promise<boolean> {
  const [before] = await openLinks(page)
  if (before === undefined) return false
  await expect
    .poll(async () => ((await openLinks(page))[0]?.videoBytesReceived ?? 0) - before.videoBytesReceived, {
      timeout: MEDIA_TIMEOUT_MS,
    })
    .toBeGreaterThan(VIDEO_PROGRESS_BYTES)
  const [after] = await openLinks(page)
  return after !== undefined && after.audioBytesReceived === before.audioBytesReceived
}

describe('calls', () => {
  const scene = useScene({ browserArgs: MEDIA_ARGS })

  it('two people call: both receive audio and video, mute stops the audio, leaving tears it down', async () => {
    const [alice, bob] = await roomOf(scene, 'Alice', 'Bob')
    if (alice === undefined || bob === undefined) throw new Error('people missing')
    await call(alice.page)
    // A call in a room of many does not ring: the bar says who is in it, the sidebar too.
    const bar = bob.page.getByRole('region', { name: 'Call' })
    await bar.getByText('In the call: Alice').waitFor()
    await bob.page.getByTitle('In the call: Alice').waitFor()
    expect(await bob.page.getByText('Alice is calling').count()).toBe(0)
    expect(await bob.page.locator('.call-bar-ringing').count()).toBe(0)
    await bar.getByRole('button', { name: 'Join call' }).click()
    await receivingFromAll(alice.page, 1)
    await receivingFromAll(bob.page, 1)
    // Presence shows who is in the call.
    await alice.page
      .getByRole('list', { name: 'Online now' })
      .getByText('Bob (in the call)')
      .waitFor({ state: 'attached' })

    await alice.page.getByRole('button', { name: 'Mute' }).click()
    await bob.page.getByText('Alice (muted)').waitFor()
    await expect.poll(() => audioStoppedWhileVideoFlows(bob.page), { timeout: MEDIA_TIMEOUT_MS }).toBe(true)
    await alice.page.getByRole('button', { name: 'Unmute' }).click()
    await expect.poll(() => audioStoppedWhileVideoFlows(bob.page), { timeout: MEDIA_TIMEOUT_MS }).toBe(false)

    await alice.page.getByRole('button', { name: 'Leave call' }).click()
    await expect.poll(async () => (await openLinks(alice.page)).length).toBe(0)
    await expect.poll(async () => (await openLinks(bob.page)).length, { timeout: MEDIA_TIMEOUT_MS }).toBe(0)
    await bob.page.getByTestId('call-tile-peer').waitFor({ state: 'detached' })
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('a call in a direct message rings while the callee has another room open; Answer joins it', async () => {
    const [alice, bob] = await roomOf(scene, 'Alice', 'Bob')
    if (alice === undefined || bob === undefined) throw new Error('people missing')
    const roomUrl = bob.page.url()
    await send(bob.page, 'call me?')
    const dmUrl = await messagePrivately(alice.page, 'Bob')
    await acceptInvitation(bob.page, 'Alice', dmUrl)
    // Bob goes back to the room of many: the direct message is not open in his tab.
    await bob.page.goto(roomUrl)
    await connection(bob.page, 'online')
    await bob.page
      .getByRole('list', { name: 'Contacts' })
      .getByRole('link', { name: /Alice.*online/ })
      .waitFor()

    await call(alice.page)
    const ring = bob.page.getByRole('region', { name: 'Incoming call' })
    await ring.getByText('Alice is calling').waitFor()
    await ring.getByRole('button', { name: 'Answer' }).click()
    await bob.page.waitForURL(dmUrl)
    await receivingFromAll(alice.page, 1)
    await receivingFromAll(bob.page, 1)
    await ring.waitFor({ state: 'detached' })
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('three people share one call, each receiving the two others', async () => {
    const people = await roomOf(scene, 'Alice', 'Bob', 'Carol')
    for (const person of people) await call(person.page)
    for (const person of people) await receivingFromAll(person.page, 2)
    expect(consoleProblems(people)).toEqual([])
  })

  it('two people pressing Call at once connect once', async () => {
    const [alice, bob] = await roomOf(scene, 'Alice', 'Bob')
    if (alice === undefined || bob === undefined) throw new Error('people missing')
    await Promise.all([call(alice.page), call(bob.page)])
    await receivingFromAll(alice.page, 1)
    await receivingFromAll(bob.page, 1)
    // One peer connection each, both ends of the same link: no second one from the collision.
    expect([await linksMade(alice.page), await linksMade(bob.page)]).toEqual([1, 1])
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
