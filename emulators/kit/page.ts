import { escapeHtml } from './http.ts';

/**
 * The look every emulator page shares (the pages are how a person plays the other side in
 * `npm run demo`, so they should feel like one product): one HTML shell, one stylesheet, an
 * optional auto-refresh, a place for messages. No framework and no CDN: plain HTML and a script.
 */

export interface PageOptions {
  title: string;
  /** Shown under the title, e.g. "BigCommerce emulator — store demo". */
  subtitle?: string;
  body: string;
  /** Inline script (the page's own buttons). */
  script?: string;
  /** Reload every N seconds while the page is idle (no input has focus). */
  refreshSeconds?: number;
}

export const PAGE_CSS = `body{font:14px system-ui,sans-serif;margin:0 auto;max-width:1150px;padding:0 16px 40px;color:#1b1b1b}
h1{font-size:20px;margin:18px 0 2px}h2{font-size:16px;margin-top:26px}.sub{color:#666;margin:0 0 12px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}
th{background:#f5f5f7}.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#777}
.badge{display:inline-block;padding:1px 7px;border-radius:9px;background:#eef;font-size:12px}
.ok{background:#dfd}.warn{background:#ffd}.bad{background:#fdd}#message{min-height:1.4em;color:#900}
form.inline{display:inline}input,select,button{font:inherit}button{cursor:pointer}fieldset{border:1px solid #ddd;margin:10px 0}`;

const REFRESH = (seconds: number): string => `setInterval(() => {
  const a = document.activeElement; if (!a || a === document.body) location.reload();
}, ${seconds * 1000});`;

export function renderPage(o: PageOptions): string {
  const script = [o.script ?? '', o.refreshSeconds ? REFRESH(o.refreshSeconds) : ''].join('\n').trim();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(o.title)}</title><style>${PAGE_CSS}</style></head><body>
<h1>${escapeHtml(o.title)}</h1>${o.subtitle ? `<p class="sub">${escapeHtml(o.subtitle)}</p>` : ''}
<p id="message" role="status"></p>
${o.body}
${script ? `<script>${script}</script>` : ''}
</body></html>`;
}
