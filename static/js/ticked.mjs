// Each collapsed level of indicators says how many are ticked inside it, so a
// referrer can see what they chose without opening all of them.
for (const section of document.querySelectorAll('details[data-count-ticked]')) {
  const count = section.querySelector('[data-ticked-count]')
  const update = () => {
    const n = section.querySelectorAll('input[type="checkbox"]:checked').length
    count.textContent = n ? `(${n} ticked)` : ''
  }
  section.addEventListener('change', update)
}
