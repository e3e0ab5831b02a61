// An export's page: ask the server how far the export has got every couple of seconds, move the
// progress bar and its "12 of 40 rows" text, and say in the live region when something a person
// would want to hear changes (the export starting, each quarter done). When it finishes, reload:
// the page then offers the download, or says why it failed. Without this script the page's
// "Refresh" link does the same by hand. It stops asking after ten minutes: each answer renews the
// session, and a page left open must not keep a shared computer signed in past its idle timeout.
const GIVE_UP_AFTER_MS = 10 * 60 * 1000
const root = document.querySelector('[data-export-status]')
if (root) {
  const bar = root.querySelector('progress')
  const counted = root.querySelector('[data-export-counted]')
  const live = root.querySelector('[data-export-live]')
  const state = document.querySelector('[data-export-state]')
  let lastState = null
  let lastQuarter = -1
  const started = Date.now()

  const show = (status) => {
    if (status.total !== null) {
      bar.max = Math.max(status.total, 1)
      bar.value = status.done
      bar.textContent = status.counted
      counted.textContent = status.counted
    }
    state.textContent = status.state_label
    const quarter = status.total ? Math.floor((4 * status.done) / status.total) : 0
    if (status.state !== lastState) {
      live.textContent = `${status.state_label}. ${status.counted}`.trim()
    } else if (quarter !== lastQuarter && quarter > 0) {
      live.textContent = status.counted
    }
    lastState = status.state
    lastQuarter = quarter
  }

  const poll = async () => {
    try {
      const response = await fetch(root.dataset.exportStatus, {
        credentials: 'same-origin', headers: { Accept: 'application/json' }
      })
      if (response.ok) {
        const status = await response.json()
        if (status.finished) {
          window.location.reload()
          return
        }
        show(status)
      }
    } catch {
      // A dropped connection: try again on the next tick; the Refresh link still works.
    }
    if (Date.now() - started > GIVE_UP_AFTER_MS) {
      const stopped = 'This page has stopped checking. Refresh it to see how far the export has got.'
      counted.textContent = stopped
      live.textContent = stopped
      return
    }
    setTimeout(poll, 2000)
  }
  setTimeout(poll, 1000)
}
