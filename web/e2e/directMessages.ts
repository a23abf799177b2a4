// Starting a direct message the way people do: a card's "Message privately", then the invitation
// accepted from the other person's sidebar. Shared by the direct-message and call tests.
import type { Page } from 'playwright-core'
import { connection } from './chat'

/** From the room: opens `name`'s card from one of their messages and starts a direct message. */
export async function messagePrivately(page: Page, name: string): Promise<string> {
  const before = page.url()
  await page
    .getByRole('log', { name: 'Conversation' })
    .getByRole('button', { name, exact: true })
    .first()
    .click()
  await page.getByRole('dialog', { name }).getByRole('button', { name: 'Message privately' }).click()
  await page.waitForURL((url) => url.href !== before && /\/r\/[A-Za-z0-9_-]{22}$/.test(url.pathname))
  await connection(page, 'online')
  return page.url()
}

export function invitations(page: Page) {
  return page.getByRole('list', { name: 'Invitations' }).getByRole('listitem')
}

/** `page` accepts `from`'s invitation, which opens the direct message at `dmUrl`. */
export async function acceptInvitation(page: Page, from: string, dmUrl: string): Promise<void> {
  const invitation = invitations(page).filter({ hasText: `${from} wants to message you privately` })
  await invitation.getByRole('button', { name: 'Accept' }).click()
  await page.waitForURL(dmUrl)
  await connection(page, 'online')
}
