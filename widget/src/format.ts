/** A file size as people read it: "820 KB", "2.5 MB". */
export function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${Number((bytes / 1024 / 1024).toPrecision(2))} MB`;
}
