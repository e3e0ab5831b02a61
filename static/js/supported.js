// GOV.UK Frontend styles its components for JavaScript only when these classes are set.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
