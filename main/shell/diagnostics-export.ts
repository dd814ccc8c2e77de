// "Export diagnostics…" under Electron: the core builds the archive (main/core/diagnostics/), the
// agent picks where to save it, and a failure says why in a dialog. Nothing in it is secret: the
// core left out passwords, tokens and entry contents, and masked the logs.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { AppCore } from '../core/app-core.js';
import type { Logger } from '../core/logger.js';
import { diagnosticsFailureText, type ShellStrings } from './shell-strings.js';

export async function exportDiagnostics(
  core: Pick<AppCore, 'diagnostics'>,
  strings: ShellStrings,
  logger: Logger,
): Promise<void> {
  try {
    const file = await core.diagnostics();
    const options = {
      title: strings.dialogs.diagnosticsSaveTitle,
      defaultPath: path.join(app.getPath('desktop'), file.fileName),
      filters: [{ name: strings.dialogs.diagnosticsZipFilter, extensions: ['zip'] }],
    };
    const owner = BrowserWindow.getFocusedWindow();
    const choice = owner
      ? await dialog.showSaveDialog(owner, options)
      : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return;
    await writeFile(choice.filePath, file.data);
    logger.info({ file: choice.filePath }, 'diagnostics saved');
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'diagnostics export failed');
    dialog.showErrorBox(
      strings.dialogs.diagnosticsFailedTitle,
      diagnosticsFailureText(strings, error),
    );
  }
}
