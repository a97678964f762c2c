/** Loopback hosts: 127.0.0.0/8, localhost and [::1], with or without a port. */
export function isLoopback(host: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname; // normalises 127.1, [0::1] and the like
  } catch {
    return false;
  }
  return isLoopbackHostname(hostname);
}

/** The same test on a hostname as `URL.hostname` gives it (IPv6 in brackets). */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
