// Files the dashboard fetches with the bearer token (a plain link could not send it) and hands
// to the browser's download manager.

export function filenameOf(contentDisposition: string | null | undefined): string | null {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition ?? "");
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** Hands the file to the browser's download manager. */
export function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
