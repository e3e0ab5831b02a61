// Warn before the session times out, so nobody loses what they are typing.
// Answers are saved at every Continue; this covers the page in front of them.
const root = document.querySelector('[data-session-timeout]')
if (root) {
  const seconds = Number(root.dataset.sessionTimeout)
  const warnBefore = Math.min(120, Math.floor(seconds / 2))
  const dialog = document.getElementById('timeout-dialog')
  const stay = document.getElementById('timeout-stay')
  let warnTimer, endTimer
  const start = () => {
    clearTimeout(warnTimer); clearTimeout(endTimer)
    warnTimer = setTimeout(() => { dialog.showModal(); stay.focus() }, (seconds - warnBefore) * 1000)
    endTimer = setTimeout(() => {
      window.location.href = root.dataset.signIn + '?next=' + encodeURIComponent(window.location.pathname)
    }, seconds * 1000)
  }
  stay.addEventListener('click', async () => {
    await fetch(root.dataset.keepAlive, { credentials: 'same-origin' })
    dialog.close()
    start()
  })
  start()
}
