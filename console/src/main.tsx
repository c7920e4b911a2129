import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { I18nProvider } from './i18n/i18n.js';
import { SessionProvider } from './api/session.js';
import './styles.css';
import { readBigText } from './components/use-big-text.js';

// Large text (chosen on the resident page) from the first paint, the login form included.
document.documentElement.classList.toggle('big-text', readBigText());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);

// The shell works offline and the console installs like an app (manifest + pwa/sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((e: unknown) => console.warn('service worker not registered', e));
  });
}
