// Warn before the session times out, so nobody loses what they are typing.
// Two minutes before the idle timeout a dialog offers "Stay signed in". If nobody answers, a page
// that holds part of a request for support (a form marked data-save-on-timeout) saves what is on it
// with "Save and come back later" just before the session would end, then signs out: the draft is
// kept and the unattended computer is signed out, as it would have been.
const root = document.querySelector('[data-session-timeout]')
if (root) {
  const seconds = Number(root.dataset.sessionTimeout)
  const warnBefore = Math.min(120, Math.floor(seconds / 2))
  // Save a little before the server's own timeout, so the save is still signed in.
  const saveBefore = Math.min(20, Math.floor(warnBefore / 2))
  const dialog = document.getElementById('timeout-dialog')
  const stay = document.getElementById('timeout-stay')
  const draftForm = document.querySelector('form[data-save-on-timeout]')
  const signOutForm = document.querySelector('form[data-sign-out]')
  let warnTimer, endTimer

  const goToSignIn = () => {
    window.location.href = root.dataset.signIn + '?next=' + encodeURIComponent(window.location.pathname)
  }

  const saveDraftThenSignOut = async () => {
    const body = new FormData(draftForm)
    body.set('save_and_return', '1')
    try {
      await fetch(draftForm.action || window.location.href, {
        method: 'POST', body, credentials: 'same-origin', redirect: 'manual'
      })
    } finally {
      if (signOutForm) signOutForm.submit(); else goToSignIn()
    }
  }

  const start = () => {
    clearTimeout(warnTimer); clearTimeout(endTimer)
    warnTimer = setTimeout(() => { dialog.showModal(); stay.focus() }, (seconds - warnBefore) * 1000)
    endTimer = draftForm
      ? setTimeout(saveDraftThenSignOut, (seconds - saveBefore) * 1000)
      : setTimeout(goToSignIn, seconds * 1000)
  }
  stay.addEventListener('click', async () => {
    await fetch(root.dataset.keepAlive, { credentials: 'same-origin' })
    dialog.close()
    start()
  })
  start()
}
