// Live generation progress: while the workflow runs, fetch this page again every two seconds and
// swap in its progress section (a polite live region). Without scripts the page has a reload link.
const POLL_MS = 2000;
const section = document.getElementById('progress');

async function poll() {
  try {
    const response = await fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    if (!response.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('progress');
    if (!next) return;
    section.replaceChildren(...next.childNodes);
    section.dataset.running = next.dataset.running;
  } catch {
    // A dropped connection is retried on the next tick.
  }
  if (section.dataset.running === 'true') setTimeout(poll, POLL_MS);
}

if (section && section.dataset.running === 'true') setTimeout(poll, POLL_MS);
