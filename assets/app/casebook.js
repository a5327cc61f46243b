// Casebook: page start-up. Our own code; served as /assets/app/casebook.js.
//
//   <script type="module" src="/assets/app/casebook.js"></script>
//
// 1. Initialises GOV.UK Frontend and MOJ Frontend components on the page.
// 2. Initialises them again inside content that htmx swaps in.
// 3. Sends the CSRF token from <meta name="csrf-token"> as X-CSRF-Token on
//    every same-origin htmx request.
//
// Both frontend bundles are ES modules, so this file must be loaded with
// type="module"; browsers too old for modules get the plain HTML pages.

import * as GOVUKFrontend from '/assets/vendor/govuk-frontend/govuk-frontend.min.js'
import * as MOJFrontend from '/assets/vendor/moj-frontend/moj-frontend.min.js'

// Initialising a scope twice is expected (htmx:load can fire on content that
// contains components already set up): both libraries then raise an InitError
// ("already initialised") for that element, which we ignore. Anything else is
// reported on the console, as the libraries do by default.
function onError (error, context) {
  if (error && error.name === 'InitError') return
  console.error('casebook: component failed to start', error, context)
}

function initialise (scope) {
  GOVUKFrontend.initAll({ scope, onError })
  MOJFrontend.initAll({ scope, onError })
}

// Module scripts run after the document is parsed, so the page is ready here.
initialise(document)

// htmx fires htmx:load on every element it adds (and once on <body> when it
// starts, which the call above has already covered). The libraries look for
// [data-module] *inside* the scope, so start from the parent: the new element
// may itself be a component root.
document.addEventListener('htmx:load', (event) => {
  const element = event.target
  if (!(element instanceof Element) || element === document.body) return
  initialise(element.parentElement ?? element)
})

function csrfToken () {
  const meta = document.querySelector('meta[name="csrf-token"]')
  return meta ? meta.getAttribute('content') : null
}

function isSameOrigin (path) {
  try {
    return new URL(path, document.baseURI).origin === window.location.origin
  } catch {
    return false
  }
}

// Read the token on each request, so a new token in the page is used at once.
// Never send it to another origin.
document.addEventListener('htmx:configRequest', (event) => {
  const token = csrfToken()
  if (token && isSameOrigin(event.detail.path)) {
    event.detail.headers['X-CSRF-Token'] = token
  }
})

// The caller screen: when a call rings for the signed-in person, the server
// sends its id on /caller-screen/stream and we fetch the screen for it into
// the live region at the top of the page. EventSource reconnects by itself
// (sending Last-Event-ID, so no call is missed while it was away).
//
// The stream is closed when the page is hidden and opened again if the page
// comes back from the back/forward cache (calls that rang meanwhile were
// shown on the page the person was on): a page already left that keeps its
// stream open holds one of the browser's six connections to the server, and
// after a few pages every new request waits for one to be freed (about a
// minute).
const live = document.getElementById('caller-screen-live')
if (live && window.EventSource && window.htmx) {
  let source = null
  const listen = () => {
    source = new EventSource(live.dataset.stream)
    source.addEventListener('call', (event) => {
      const id = Number.parseInt(event.data, 10)
      if (!Number.isInteger(id)) return
      window.htmx.ajax('GET', `/caller-screen/calls/${id}`, { target: live, swap: 'innerHTML' })
    })
  }
  listen()
  window.addEventListener('pagehide', () => {
    if (source) source.close()
    source = null
  })
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && source === null) listen()
  })
}
