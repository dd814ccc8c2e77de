// Which view a window starts in: `?view=console` opens a lead's console straight away (Electron's
// console window, or a browser tab the web host's link opens), anything else the own desk. Such a
// window is the console only: the phone and the panel stay in the desk's window.
import type { ShellView } from './Shell.js';

/** The same page with the console asked for: what a new window or tab for the console loads. */
export function consoleViewUrl(href: string): string {
  const url = new URL(href);
  url.searchParams.set('view', 'console');
  url.hash = '';
  return url.toString();
}

export function initialViewFrom(search: string): ShellView {
  return new URLSearchParams(search).get('view') === 'console' ? 'console' : 'desk';
}
