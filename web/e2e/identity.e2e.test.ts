// One person, several devices: an identity moved to a second browser with a device link and its
// one-time code (or with an exported file and its passphrase) is the same person there: the same
// id, the same safety number, and what it writes shows under the same name.
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  arrive,
  connection,
  consoleProblems,
  createRoom,
  message,
  openSettings,
  ownSafetyNumber,
  send,
} from './chat'
import { useScene } from './scene'

/** The safety number on the profile card of the author of `text`. */
async function cardSafetyNumber(page: Page, text: string): Promise<string> {
  await message(page, text).getByRole('button', { name: 'Alice', exact: true }).click()
  const card = page.getByRole('dialog', { name: 'Alice' })
  const number = card.locator('.fingerprint').filter({ hasText: /^\d{5}( \d{5}){5}$/ })
  await number.waitFor()
  const shown = (await number.textContent()) ?? ''
  await card.getByRole('button', { name: 'Close' }).click()
  return shown
}

describe('one identity on several devices', () => {
  const scene = useScene()

  it('moves to a second browser by link and code, and posts there as the same person', async () => {
    const relay = await scene.relay()
    const laptop = await scene.person('laptop')
    await arrive(laptop.page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    const roomUrl = await createRoom(laptop.page)
    await send(laptop.page, 'Written on the laptop')
    await openSettings(laptop.page)
    const safetyNumber = await ownSafetyNumber(laptop.page)
    await laptop.page.getByRole('button', { name: 'Link another device' }).click()
    const link = await laptop.page
      .getByRole('textbox', { name: 'Link to open on the other device' })
      .inputValue()
    const code = (await laptop.page.locator('.link-code').textContent()) ?? ''
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    // The identity rides in the fragment, which the browser never sends to the relay.
    expect(new URL(link).pathname).toBe('/link')
    expect(new URL(link).hash.length).toBeGreaterThan(100)

    const phone = await scene.person('phone')
    await phone.page.goto(link)
    const codeBox = phone.page.getByRole('textbox', { name: 'One-time code' })
    await codeBox.fill('AAAA-BBBB-CCCC')
    await phone.page.getByRole('button', { name: 'Link this device' }).click()
    await phone.page.getByRole('alert').filter({ hasText: 'That code does not open this link.' }).waitFor()
    await codeBox.fill(code.toLowerCase())
    await phone.page.getByRole('button', { name: 'Link this device' }).click()
    await phone.page.getByRole('heading', { name: 'Parley', exact: true }).waitFor()
    expect(new URL(phone.page.url()).hash).toBe('')
    await openSettings(phone.page)
    expect(await ownSafetyNumber(phone.page)).toBe(safetyNumber)
    expect(await phone.page.getByRole('textbox', { name: 'Your name' }).inputValue()).toBe('Alice')

    await phone.page.goto(roomUrl)
    await connection(phone.page, 'online')
    await message(phone.page, 'Written on the laptop', 'Alice').waitFor()
    await send(phone.page, 'Written on the phone')
    await laptop.page.goto(roomUrl)
    await message(laptop.page, 'Written on the phone', 'Alice').waitFor()
    // Same key behind both messages: one group under one header (grouping compares author ids),
    // whose card shows the laptop's safety number, and one member.
    expect(await message(laptop.page, 'Written on the phone').getAttribute('class')).toContain(
      'message-grouped',
    )
    expect(await cardSafetyNumber(laptop.page, 'Written on the laptop')).toBe(safetyNumber)
    expect(await laptop.page.getByText(/joined/).count()).toBe(1)
    expect(consoleProblems([laptop, phone])).toEqual([])
  })

  it('exports to a file and imports it elsewhere; a wrong passphrase changes nothing', async () => {
    const relay = await scene.relay()
    const origin = `http://127.0.0.1:${relay.port}`
    const first = await scene.person('first')
    await arrive(first.page, `${origin}/`, 'Alice')
    await openSettings(first.page)
    const safetyNumber = await ownSafetyNumber(first.page)
    await first.page.getByLabel('Passphrase for the file').fill('correct horse battery')
    const [download] = await Promise.all([
      first.page.waitForEvent('download'),
      first.page.getByRole('button', { name: 'Export identity' }).click(),
    ])
    const file = await download.path()
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ format: 'parley-identity', version: 1 })

    const second = await scene.person('second')
    await second.page.goto(`${origin}/`)
    await second.page.getByText('I already use Parley on another device').click()
    await second.page.getByLabel('Identity file').setInputFiles(file)
    await second.page.getByLabel('Passphrase of the file').fill('wrong horse battery')
    await second.page.getByRole('button', { name: 'Import identity' }).click()
    await second.page
      .getByRole('alert')
      .filter({ hasText: 'That passphrase does not open this file.' })
      .waitFor()
    // Nothing changed: this device still has no identity.
    expect(await second.page.getByRole('textbox', { name: 'Your name' }).count()).toBe(1)
    await second.page.getByLabel('Passphrase of the file').fill('correct horse battery')
    await second.page.getByRole('button', { name: 'Import identity' }).click()
    await second.page.getByRole('heading', { name: 'Parley', exact: true }).waitFor()
    await openSettings(second.page)
    expect(await ownSafetyNumber(second.page)).toBe(safetyNumber)
    expect(consoleProblems([first, second])).toEqual([])
  })
})
