import { useEffect, useState } from 'react'
import { readAccessToken } from '../access/accessToken'
import { createUploader, type Uploader } from './uploader'
import { openUploadQueue } from './uploadQueue'

/** The page's uploader while mounted (null during the first render). */
export function useUploader(): Uploader | null {
  const [uploader, setUploader] = useState<Uploader | null>(null)
  useEffect(() => {
    const opened = createUploader({ queue: openUploadQueue(), token: readAccessToken })
    setUploader(opened)
    return () => {
      opened.close()
      setUploader(null)
    }
  }, [])
  return uploader
}
