// Saves text the app made as a file, through the browser's own download.

/** The object URL outlives the click by this much: the download reads it after click() returns. */
const URL_LIFETIME_MS = 60_000

export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS)
}
