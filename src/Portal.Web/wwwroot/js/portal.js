// Small browser helpers called from Blazor components through IJSRuntime.
window.portal = {
  // Called by the layout once the server circuit is up: marks the page interactive
  // (browser tests wait for it before clicking) and tells the layout which theme the page shows.
  getTheme() {
    document.documentElement.dataset.interactive = 'true';
    return document.documentElement.classList.contains('portal-dark') ? 'dark' : 'light';
  },
  setTheme(theme) {
    const t = theme === 'dark' ? 'dark' : 'light';
    const html = document.documentElement;
    html.classList.remove('portal-light', 'portal-dark');
    html.classList.add('portal-' + t);
    html.setAttribute('data-bs-theme', t);
    try { localStorage.setItem('portal.theme', t); } catch (e) { /* private mode: theme lasts for the page only */ }
    return t;
  },
  copyText(text) {
    return navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error('no clipboard'));
  },
  // Enhanced navigation between static pages merges the new document into this one: keep the theme class.
  applySavedTheme() {
    let t = null;
    try { t = localStorage.getItem('portal.theme'); } catch (e) { }
    if (t !== 'dark' && t !== 'light') t = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    const html = document.documentElement;
    if (!html.classList.contains('portal-' + t)) { html.classList.remove('portal-light', 'portal-dark'); html.classList.add('portal-' + t); }
    html.setAttribute('data-bs-theme', t);
  },
  downloadText(fileName, mimeType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
    const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
};

document.addEventListener('DOMContentLoaded', () => {
  if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', () => window.portal.applySavedTheme());
});
