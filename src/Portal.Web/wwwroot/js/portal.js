// Small browser helpers called from Blazor components through IJSRuntime.
window.portal = {
  // Called by the theme toggle once the server circuit is up: marks the page interactive
  // (browser tests wait for it before clicking).
  getTheme() {
    document.documentElement.dataset.interactive = 'true';
    return document.documentElement.getAttribute('data-bs-theme') === 'dark' ? 'dark' : 'light';
  },
  setTheme(theme) {
    const t = theme === 'dark' ? 'dark' : 'light';
    document.documentElement.setAttribute('data-bs-theme', t);
    try { localStorage.setItem('portal.theme', t); } catch (e) { /* private mode: theme lasts for the page only */ }
    return t;
  },
  copyText(text) {
    return navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error('no clipboard'));
  },
  downloadText(fileName, mimeType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
    const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
};
