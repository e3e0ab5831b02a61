// Conditional reveals for follow-up questions that belong to more than one answer,
// which the GOV.UK radios component cannot express. A block marked
// data-reveal-when="question=value1,value2" shows only while one of those values
// is checked. Without this script every block shows, and the server ignores the
// answers that do not apply.
const blocks = [...document.querySelectorAll('[data-reveal-when]')]

function chosen (form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value)
}

function sync () {
  for (const block of blocks) {
    const [name, values] = block.dataset.revealWhen.split('=')
    const form = block.closest('form')
    const shown = chosen(form, name).some((value) => values.split(',').includes(value))
    block.hidden = !shown
  }
}

if (blocks.length) {
  document.addEventListener('change', sync)
  sync()
}
