// Turns a picked file into attachment metadata: limits checked first (the relay would refuse
// anything else), then SHA-256 of the bytes and, for images, their size in pixels.
import { type Attachment, checkAttachment, isInlineImage } from '../room'

export interface PreparedAttachment {
  attachment: Attachment
  blob: Blob
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Pixel size of an image file, or null when the browser cannot decode it. */
async function imageSize(file: Blob): Promise<{ width: number; height: number } | null> {
  try {
    const bitmap = await createImageBitmap(file)
    const size = { width: bitmap.width, height: bitmap.height }
    bitmap.close()
    return size.width > 0 && size.height > 0 ? size : null
  } catch {
    return null
  }
}

/** The attachment for `file`, or the reason it cannot be attached. */
export async function prepareAttachment(file: File): Promise<PreparedAttachment | string> {
  const type = (file.type || 'application/octet-stream').toLowerCase()
  const name = file.name || 'attachment'
  const problem = checkAttachment({ name, type, size: file.size })
  if (problem !== null) return problem
  const hash = hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))
  const attachment: Attachment = { hash, name, type, size: file.size }
  if (isInlineImage(attachment)) {
    const size = await imageSize(file)
    // An image the browser cannot decode is still sent, as a file to download.
    if (size !== null) return { attachment: { ...attachment, ...size }, blob: file }
    return { attachment: { ...attachment, type: 'application/octet-stream' }, blob: file }
  }
  return { attachment, blob: file }
}
