// Desktop notifications through the Notification API. Permission is only ever requested from a
// user gesture (the room header's control), never on load.

export type Permission = NotificationPermission | 'unsupported'

export function notificationPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

export async function requestPermission(): Promise<Permission> {
  if (typeof Notification === 'undefined') return 'unsupported'
  if (Notification.permission !== 'default') return Notification.permission
  return Notification.requestPermission()
}

const BODY_CHARS = 160

/** Raises a notification; clicking it focuses the tab and calls `onClick`. */
export function showNotification(title: string, body: string, tag: string, onClick: () => void): void {
  if (notificationPermission() !== 'granted') return
  try {
    const notification = new Notification(title, {
      body: body.slice(0, BODY_CHARS),
      tag,
      icon: '/favicon.svg',
    })
    notification.onclick = () => {
      window.focus()
      onClick()
      notification.close()
    }
  } catch {
    // Some platforms allow notifications only from a service worker; the title still counts.
  }
}
