// Save generated text or images as a file the browser downloads (CSV, Markdown, YAML, PNG, SVG).
// Works the same in Electron (the download goes to the user's downloads folder) and browser mode.

export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadText(filename: string, content: string, mimeType = 'text/plain'): void {
  downloadBlob(filename, new Blob([content], { type: `${mimeType};charset=utf-8` }));
}

export function downloadDataUrl(filename: string, dataUrl: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** "val/acc · kd run" → "val-acc-kd-run" (safe in every file system). */
export function safeFilename(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'export'
  );
}

/** Read a file the user picked (config import). */
export function readFileText(file: File): Promise<string> {
  return file.text();
}
