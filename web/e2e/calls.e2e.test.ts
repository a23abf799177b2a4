// Calls between real Chromium contexts with fake cameras and microphones, over loopback: media
// flows both ways (asserted on WebRTC's own getStats), mute stops the audio, leaving tears the
// connection down, three people make a mesh, and two people pressing Call at once connect once.
// Camera off and on, and screen sharing, change what the other side receives; a full call says so.
// Only direct messages ring: a call in a room of many shows silently.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { type LinkStats, linksMade, openLinks, RECORD_PEER_CONNECTIONS, sentVideo } from './calls'
import { arrive, connection, consoleProblems, createRoom, joinRoom, send } from './chat'
import { acceptInvitation, messagePrivately } from './directMessages'
import { MEDIA_ARGS, type Person } from './harness'
import { type TestScene, useScene } from './scene'

const MEDIA_TIMEOUT_MS = 30_000
/** Enough bytes of each kind to be sure time passed with the connection up (about a second of it). */
const PROGRESS_BYTES = { audio: 4_000, video: 20_000 }

async function caller(scene: TestScene, name: string): Promise<Person> {
  const person = await scene.person(name)
  await person.context.addInitScript(RECORD_PEER_CONNECTIONS)
  return person
}

/** A relay (started with `relayArgs`) and `names.length` people in one room, the first having made it. */
async function roomOf(scene: TestScene, names: string[], relayArgs: string[] = []): Promise<Person[]> {
  const relay = await scene.relay({ args: relayArgs })
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

/** Bytes received of each kind on the page's first link. */
async function received(page: Page): Promise<{ audio: number; video: number } | null> {
  const [link] = await openLinks(page)
  return link === undefined ? null : { audio: link.audioBytesReceived, video: link.videoBytesReceived }
}

/**
 * Bytes of `kind` the page received, sampled while the other kind keeps arriving: true once they
 * stayed the same while at least PROGRESS_BYTES of the other came in (the link was alive the
 * whole time).
 */
async function stoppedWhileOtherFlows(page: Page, kind: 'audio' | 'video'): Promise<boolean> {
  const other = kind === 'audio' ? 'video' : 'audio'
  const before = await received(page)
  if (before === null) return false
  await expect
    .poll(async () => ((await received(page))?.[other] ?? 0) - before[other], { timeout: MEDIA_TIMEOUT_MS })
    .toBeGreaterThan(PROGRESS_BYTES[other])
  const after = await received(page)
  return after !== null && after[kind] === before[kind]
}

describe('calls', () => {
  const scene = useScene({ browserArgs: MEDIA_ARGS })

  it('two people call: both receive audio and video, mute stops the audio, leaving tears it down', async () => {
    const [alice, bob] = await roomOf(scene, ['Alice', 'Bob'])
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
    await expect
      .poll(() => stoppedWhileOtherFlows(bob.page, 'audio'), { timeout: MEDIA_TIMEOUT_MS })
      .toBe(true)
    await alice.page.getByRole('button', { name: 'Unmute' }).click()
    await expect
      .poll(() => stoppedWhileOtherFlows(bob.page, 'audio'), { timeout: MEDIA_TIMEOUT_MS })
      .toBe(false)

    await alice.page.getByRole('button', { name: 'Leave call' }).click()
    await expect.poll(async () => (await openLinks(alice.page)).length).toBe(0)
    await expect.poll(async () => (await openLinks(bob.page)).length, { timeout: MEDIA_TIMEOUT_MS }).toBe(0)
    await bob.page.getByTestId('call-tile-peer').waitFor({ state: 'detached' })
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('a call in a direct message rings while the callee has another room open; Answer joins it', async () => {
    const [alice, bob] = await roomOf(scene, ['Alice', 'Bob'])
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

  it('camera off stops the video, camera on sends it again; sharing the screen sends the screen', async () => {
    const [alice, bob] = await roomOf(scene, ['Alice', 'Bob'])
    if (alice === undefined || bob === undefined) throw new Error('people missing')
    await call(alice.page)
    await call(bob.page)
    await receivingFromAll(bob.page, 1)

    await alice.page.getByRole('button', { name: 'Turn camera off' }).click()
    await expect
      .poll(() => stoppedWhileOtherFlows(bob.page, 'video'), { timeout: MEDIA_TIMEOUT_MS })
      .toBe(true)
    await alice.page.getByRole('button', { name: 'Turn camera on' }).click()
    await expect
      .poll(() => stoppedWhileOtherFlows(bob.page, 'video'), { timeout: MEDIA_TIMEOUT_MS })
      .toBe(false)
    expect((await sentVideo(alice.page))?.displaySurface).toBeNull()

    // Chromium's fake screen (with --use-fake-ui-for-media-stream) is 16:9; the fake camera is 4:3.
    await alice.page.getByRole('button', { name: 'Share screen' }).click()
    await alice.page.getByText('(sharing your screen)').waitFor()
    expect(await sentVideo(alice.page)).toMatchObject({ displaySurface: 'monitor' })
    await expect
      .poll(
        async () => {
          const [link] = await openLinks(bob.page)
          return link && link.frameHeight > 0 ? Math.round((link.frameWidth / link.frameHeight) * 100) : 0
        },
        { timeout: MEDIA_TIMEOUT_MS },
      )
      .toBe(178)
    await alice.page.getByRole('button', { name: 'Stop sharing' }).click()
    await expect.poll(async () => (await sentVideo(alice.page))?.displaySurface ?? null).toBeNull()
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('someone joining a full call is told it is full and connects to nobody', async () => {
    // Two make a full call here (the relay lowers the size): five browsers are too many for the
    // machines these tests run on, and the rule is the same at any size.
    const [alice, bob, carol] = await roomOf(scene, ['Alice', 'Bob', 'Carol'], ['--max-call-size', '2'])
    if (alice === undefined || bob === undefined || carol === undefined) throw new Error('people missing')
    await call(alice.page)
    await call(bob.page)
    await receivingFromAll(alice.page, 1)
    await carol.page.getByTitle(/^In the call: (Alice, Bob|Bob, Alice)$/).waitFor()
    await call(carol.page)
    await carol.page.getByText('This call is full: a call holds 2 people.').waitFor()
    expect(await linksMade(carol.page)).toBe(0)
    expect(await carol.page.getByTestId('call-tile-self').count()).toBe(0)
    // The two in it stay connected to each other only.
    expect((await openLinks(alice.page)).length).toBe(1)
    expect(consoleProblems([alice, bob, carol])).toEqual([])
  })

  it('three people share one call, each receiving the two others', async () => {
    const people = await roomOf(scene, ['Alice', 'Bob', 'Carol'])
    for (const person of people) await call(person.page)
    for (const person of people) await receivingFromAll(person.page, 2)
    expect(consoleProblems(people)).toEqual([])
  })

  it('two people pressing Call at once connect once', async () => {
    const [alice, bob] = await roomOf(scene, ['Alice', 'Bob'])
    if (alice === undefined || bob === undefined) throw new Error('people missing')
    await Promise.all([call(alice.page), call(bob.page)])
    await receivingFromAll(alice.page, 1)
    await receivingFromAll(bob.page, 1)
    // One peer connection each, both ends of the same link: no second one from the collision.
    expect([await linksMade(alice.page), await linksMade(bob.page)]).toEqual([1, 1])
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
