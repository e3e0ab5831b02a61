// "Print this page" buttons: shown only where script can print, as GOV.UK's print link is.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
