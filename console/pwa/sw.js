/*
 * Yard Guard service worker: the console's shell works offline and opens like an app.
 * - install: precache the built shell (index.html, every script and style chunk, icons); the list
 *   and the cache name are written in at build time (pwa/service-worker-plugin.ts)
 * - navigations: network first (a new release is picked up at once), the cached shell offline
 * - built assets: cache first (their names carry a content hash)
 * - /api/*: never cached (alerts, gates and sessions must be live)
 * - a tap on an alert notification focuses the console (or opens it) on the alert desk
 */
/* global self, caches, clients */
const PRECACHE = self.__YG_PRECACHE__;
const CACHE = `yg-shell-${self.__YG_VERSION__}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('yg-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).catch(() => caches.match('index.html', { ignoreSearch: true }).then((r) => r || caches.match('./'))),
    );
    return;
  }
  event.respondWith(
    caches.match(req, { ignoreSearch: true }).then(
      (hit) =>
        hit ||
        fetch(req).then((res) => {
          if (res.ok && url.pathname.includes('/assets/')) {
            const copy = res.clone();
            void caches.open(CACHE).then((c) => c.put(req, copy));
          }
          return res;
        }),
    ),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = (event.notification.data && event.notification.data.url) || '#/alerts';
  event.waitUntil(
    clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      for (const c of list) {
        if ('focus' in c) {
          if ('navigate' in c) void c.navigate(new URL(target, c.url).href).catch(() => {});
          return c.focus();
        }
      }
      return clients.openWindow(new URL(target, self.registration.scope).href);
    }),
  );
});
