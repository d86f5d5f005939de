import { session } from "../providers/session";

/**
 * Fetches a file the API serves behind the admin's bearer token (a plain link would carry no
 * Authorization header) and hands it to the browser as a download.
 */
export const downloadWithToken = async (url: string, fallbackName: string): Promise<void> => {
  const token = session.getToken();
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { errors?: { message: string }[] };
      if (body.errors?.[0]?.message) message = body.errors[0].message;
    } catch {
      // not JSON: keep the status line
    }
    throw Object.assign(new Error(message), { status: response.status });
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2] ?? fallbackName) : fallbackName;
  saveBlob(await response.blob(), name);
};

export const saveBlob = (blob: Blob, name: string): void => {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
};
