// The monthly report as PDF under Electron (Art. 23): main prints the window that asked with
// Chromium's own PDF backend (A4 from the page's @page rule, backgrounds kept so below-target marks
// stay marked, Chinese in the page's Noto CJK font) and asks the lead where to save it. The web
// host has no such call: the browser's print dialog does the same there.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, webContents } from 'electron';
import { AppError } from '../../common/result.js';
import type { PrintPdf } from '../core/reports.js';

export const printReportPdf: PrintPdf = async (sender, suggestedName) => {
  const contents = webContents.fromId(Number(sender));
  if (!contents || contents.isDestroyed())
    throw new AppError('not-found', 'the window that asked for the PDF has closed');
  const pdf = await contents.printToPDF({
    pageSize: 'A4',
    printBackground: true,
    preferCSSPageSize: true,
    generateTaggedPDF: true,
  });
  const options = {
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  };
  const owner = BrowserWindow.fromWebContents(contents);
  const choice = owner
    ? await dialog.showSaveDialog(owner, options)
    : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { saved: false };
  await writeFile(choice.filePath, pdf);
  return { saved: true };
};
