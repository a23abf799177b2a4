import { useEffect } from 'react'
import { SearchPanel } from './SearchPanel'

/** `/search`: words in every room on this device (reached from the sidebar's search box). */
export function SearchPage({ query }: { query: string }) {
  useEffect(() => {
    document.title = 'Search · Parley'
  }, [])
  return (
    <main className="search-page">
      <a className="back-link" href="/" aria-label="All rooms">
        ←
      </a>
      <h1>Search</h1>
      <SearchPanel key={query} initialQuery={query} autoFocus />
    </main>
  )
}
