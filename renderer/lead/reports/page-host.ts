// The page's side of the report exports: a file saved as a download (the browser's, or Electron's
// save dialog for a download) and the browser's print dialog, whose PDF comes from the room's
// print CSS (renderer/styles/lead-reports.css). The controller gets these, so tests need no DOM.
import type { ReportsHost } from './controller.js';

export function pageReportsHost(host: () => 'electron' | 'web'): () => ReportsHost {
  return () => ({
    host: host(),
    save(filename, text, type) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      // After the click the download holds its own reference.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    print: () => window.print(),
  });
}
